-- metric: aware-access
-- title: UK-AWaRe Access share of antimicrobial prescriptions
-- definition: Of the antimicrobial courses written at the site in the month, those of a drug in the UK-AWaRe Access category, and those in Watch, Reserve and Other; a drug the formulary gives no UK-AWaRe category (not confirmed in the UK list) is counted as unclassified, in the total but in no category. Courses are counted, not doses or DDDs.
-- source: UK-AWaRe antibiotic classification (UKHSA, January 2025) as carried by the formulary; target: UK national action plan 2024 to 2029, target 4b, by 2029 70% of total antibiotic use across human healthcare from the Access category — https://pulsetoday.co.uk/news/clinical-areas/respiratory/ukhsa-widens-first-option-antibiotics-options-gps-can-prescribe [V]; the target measures use, and whether by items or DDDs is not stated in the sources Steward cites
-- requires: each order's drug, coded (dm+d or SNOMED CT) or named by formulary id, and the time it was written
-- share: access / courses
-- target: 0.70 UK NAP 2024–2029 target 4b: 70% of antibiotic use from the Access category by 2029
SELECT
  site,
  order_month,
  COUNT(*) AS courses,
  SUM(CASE WHEN aware = 'access' THEN 1 ELSE 0 END) AS access,
  SUM(CASE WHEN aware = 'watch' THEN 1 ELSE 0 END) AS watch,
  SUM(CASE WHEN aware = 'reserve' THEN 1 ELSE 0 END) AS reserve,
  SUM(CASE WHEN aware = 'other' THEN 1 ELSE 0 END) AS other,
  SUM(CASE WHEN aware IS NULL THEN 1 ELSE 0 END) AS unclassified
FROM orders
GROUP BY site, order_month
ORDER BY site, order_month
