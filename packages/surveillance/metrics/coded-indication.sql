-- metric: coded-indication
-- title: Antimicrobial prescriptions linked to a coded indication
-- definition: Of the antimicrobial courses written at the site in the month, those whose order names a coded indication (linked); those that name none although the record held, when the order was written, an active diagnosis that a loaded guideline treats (coded, not linked); and those with neither (missing).
-- source: NHS England digital AMS vision, R10: link every antimicrobial prescription to a coded diagnosis, to enable audit; R8 (primary care: diagnosis coded before the prescription) and R9 (secondary care: indication documented and linked) — https://htn.co.uk/?p=72093 [V]
-- requires: each order's coded indications (Order.indications; FHIR MedicationRequest.reasonCode or reasonReference), the time it was written, and the record's diagnoses with the times they were recorded
-- share: linked / courses
SELECT
  site,
  order_month,
  COUNT(*) AS courses,
  SUM(CASE WHEN indication = 'linked' THEN 1 ELSE 0 END) AS linked,
  SUM(CASE WHEN indication = 'coded' THEN 1 ELSE 0 END) AS coded,
  SUM(CASE WHEN indication = 'missing' THEN 1 ELSE 0 END) AS missing
FROM orders
GROUP BY site, order_month
ORDER BY site, order_month
