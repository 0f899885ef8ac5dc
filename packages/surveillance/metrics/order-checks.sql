-- metric: order-checks
-- title: Order-check alerts, by what the check found
-- definition: The alerts raised by checking the order itself against the record when it was written (not a guideline rule's alert): a drug the patient is recorded as allergic to (allergy), a contraindication the formulary lists (contraindication), a culture that grew an organism resistant to it (resistance), or a drug no loaded formulary knows, so nothing could be checked (not-checked); counted per course, by the guideline whose formulary or rules made the check. Divided by the courses written (aware-access), it is the rate of prescriptions the order checks stopped or questioned.
-- source: NHS England digital AMS vision, R12: make microbiology culture and sensitivity results easy to see, and R1: appropriate choices at the point of prescribing — https://htn.co.uk/?p=72093 [V]; the allergy and contraindication rows are the formulary's, each with its citation (guidelines/formulary.stw)
-- requires: the record's allergies (coded in SNOMED CT or dm+d, or named by formulary drug or class), cultures with their susceptibilities, and each order's drug coded or named
-- per: guideline, order_check
SELECT
  site,
  order_month,
  guideline,
  order_check,
  COUNT(*) AS alerts_fired
FROM alerts
WHERE order_check IS NOT NULL
GROUP BY site, order_month, guideline, order_check
ORDER BY site, order_month, guideline, order_check
