-- metric: unrecognised-diagnoses
-- title: Prescriptions linked to a diagnosis no guideline reads
-- definition: Of the antimicrobial courses the guidelines could evaluate, those linked to a coded indication (linked), and of those the ones whose linked indication is a diagnosis no loaded guideline recognises (indication_unrecognised: a code outside every guideline's code lists, or a condition no guideline treats, so no recommendation could be checked); and the courses written while the record held any active coded diagnosis no guideline recognises (with_unrecognised; comorbidities count here, so this column is context, not a fault). A measure of coding quality: a linked but unrecognised indication meets the letter of R10 but cannot be audited against a guideline.
-- source: NHS England digital AMS vision, R10: link every antimicrobial prescription to a coded diagnosis, to enable audit, and R14: standardised coding — https://htn.co.uk/?p=72093 [V]; which diagnoses a guideline recognises is its code lists (guidelines/*/*.stw), as the Decision's unrecognisedDiagnoses reports them
-- requires: each order's coded indications and the record's active coded diagnoses (SNOMED CT or ICD-10) when the order was written
-- share: indication_unrecognised / linked
SELECT
  site,
  order_month,
  COUNT(*) AS courses,
  SUM(CASE WHEN indication = 'linked' THEN 1 ELSE 0 END) AS linked,
  SUM(CASE WHEN indication_unrecognised THEN 1 ELSE 0 END) AS indication_unrecognised,
  SUM(CASE WHEN unrecognised_diagnoses > 0 THEN 1 ELSE 0 END) AS with_unrecognised
FROM orders
WHERE status = 'evaluated'
GROUP BY site, order_month
ORDER BY site, order_month
