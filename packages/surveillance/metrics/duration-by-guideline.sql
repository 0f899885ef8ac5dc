-- metric: duration-by-guideline
-- title: Course lengths within the guideline's range, by guideline
-- definition: For each guideline whose option the prescribed drug was (the best-ranked option naming it, when the order was written), the courses written at the site in the month, and of those the ones whose prescribed course length lies within the range the guideline's regimens for that drug give (for example NG109's 3 days for women and 7 for men, NG84's 5 to 10 days of phenoxymethylpenicillin, NG138's 5 days of amoxicillin, NG141's 5 to 7 days of flucloxacillin), longer, shorter, or not stated. A regimen "until review" gives no range and is counted as no_range.
-- source: NHS England digital AMS vision, R1: offer appropriate treatment choices and durations at the point of prescribing — https://htn.co.uk/?p=72093 [V]; the ranges are those of each guideline's table, cited in its rules (guidelines/*/*.stw)
-- requires: each order's drug and prescribed course length (Order.duration, or its start and end; FHIR dosage boundsDuration or boundsPeriod, or dispenseRequest.expectedSupplyDuration), and the record as it stood when the order was written
-- share: within_range / offered
-- per: recommended_by
SELECT
  site,
  order_month,
  recommended_by,
  COUNT(*) AS offered,
  SUM(CASE WHEN duration_match = 'within' THEN 1 ELSE 0 END) AS within_range,
  SUM(CASE WHEN duration_match = 'longer' THEN 1 ELSE 0 END) AS longer,
  SUM(CASE WHEN duration_match = 'shorter' THEN 1 ELSE 0 END) AS shorter,
  SUM(CASE WHEN duration_match = 'not-stated' THEN 1 ELSE 0 END) AS length_not_stated,
  SUM(CASE WHEN duration_match = 'unknown' THEN 1 ELSE 0 END) AS no_range
FROM orders
WHERE status = 'evaluated' AND recommendation = 'offered'
GROUP BY site, order_month, recommended_by
ORDER BY site, order_month, recommended_by
