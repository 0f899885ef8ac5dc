-- metric: guideline-courses
-- title: Courses each guideline version was evaluated for
-- definition: For each guideline version (id, version and content hash), the antimicrobial courses written at the site in the month for which it was evaluated and applied in the care setting: the denominator of each of its rules' alert rates (alert-counts).
-- source: NHS England digital AMS framework and vision: alerts prioritised rather than flooding clinicians, and surveillance of AMS metrics (R16) — https://thepharmacist.co.uk/in-practice/new-nhs-vision-for-antimicrobial-stewardship-focuses-on-digital-solutions [V]
-- requires: nothing beyond the orders: the guidelines are Steward's own
-- per: guideline, guideline_version, content_hash
SELECT
  site,
  order_month,
  guideline,
  guideline_version,
  content_hash,
  COUNT(*) AS courses_evaluated
FROM evaluations
WHERE applies = TRUE
GROUP BY site, order_month, guideline, guideline_version, content_hash
ORDER BY site, order_month, guideline, guideline_version, content_hash
