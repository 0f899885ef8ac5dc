-- metric: review-72h
-- title: Hospital courses reviewed within 72 hours
-- definition: Of the inpatient antimicrobial courses written at the site in the month that ran 72 hours from their first dose (or were reviewed before then), those with a documented review by 72 hours. Courses that ended, or whose record ends, before 72 hours without a review are not yet due one (not_due); courses with no start time, or from a source that does not record reviews (FHIR), are unknown. Only the last recorded review of a course is known.
-- source: Start Smart then Focus (PHE/UKHSA): review the clinical diagnosis and the continuing need for antibiotics by 48 to 72 hours and record the decision — https://aricjournal.biomedcentral.com/articles/10.1186/s13756-019-0621-4/tables/4 [V]; NHS England digital AMS vision R3 and R5
-- requires: each inpatient order's first dose (Order.start) and its recorded review (Order.review: outcome and time); FHIR has no resource Steward reads reviews from
-- share: reviewed / due
SELECT
  site,
  order_month,
  SUM(CASE WHEN review IN ('reviewed', 'not-reviewed') THEN 1 ELSE 0 END) AS due,
  SUM(CASE WHEN review = 'reviewed' THEN 1 ELSE 0 END) AS reviewed,
  SUM(CASE WHEN review = 'not-due' THEN 1 ELSE 0 END) AS not_due,
  SUM(CASE WHEN review = 'unknown' THEN 1 ELSE 0 END) AS unknown
FROM orders
WHERE setting = 'inpatient'
GROUP BY site, order_month
ORDER BY site, order_month
