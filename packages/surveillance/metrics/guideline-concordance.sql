-- metric: guideline-concordance
-- title: Drug and course length as the guidelines would have offered
-- definition: Of the antimicrobial courses for which the guidelines, evaluated on the record as it stood when the order was written, made a recommendation (offered options, excluded or withheld this drug, or advised no antibiotic), those whose drug was among the options offered (at any rank) and whose prescribed course length lies within the range the offered regimens give. The other columns break down the rest: offered but longer or shorter, offered with no course length stated, ruled out for this patient (excluded), not among the options, antibiotic not advised. Courses the guidelines could not evaluate are left out.
-- source: NHS England digital AMS vision, R1: offer appropriate treatment choices and durations at the point of prescribing — https://htn.co.uk/?p=72093 [V]; the options are those of the loaded guidelines, each citing its source (for example NICE NG109)
-- requires: each order's drug, route and prescribed course length (Order.duration, or its start and end; FHIR dosage boundsDuration or boundsPeriod, or dispenseRequest.expectedSupplyDuration), and the record as it stood when the order was written
-- share: drug_and_duration / with_recommendation
SELECT
  site,
  order_month,
  SUM(CASE WHEN recommendation IN ('offered', 'excluded', 'withheld', 'not-offered', 'antibiotic-not-advised') THEN 1 ELSE 0 END) AS with_recommendation,
  SUM(CASE WHEN recommendation = 'offered' THEN 1 ELSE 0 END) AS drug_offered,
  SUM(CASE WHEN recommendation = 'offered' AND duration_match = 'within' THEN 1 ELSE 0 END) AS drug_and_duration,
  SUM(CASE WHEN recommendation = 'offered' AND duration_match = 'longer' THEN 1 ELSE 0 END) AS longer,
  SUM(CASE WHEN recommendation = 'offered' AND duration_match = 'shorter' THEN 1 ELSE 0 END) AS shorter,
  SUM(CASE WHEN recommendation = 'offered' AND duration_match = 'not-stated' THEN 1 ELSE 0 END) AS length_not_stated,
  SUM(CASE WHEN recommendation = 'excluded' THEN 1 ELSE 0 END) AS excluded,
  SUM(CASE WHEN recommendation = 'withheld' THEN 1 ELSE 0 END) AS withheld,
  SUM(CASE WHEN recommendation = 'not-offered' THEN 1 ELSE 0 END) AS not_offered,
  SUM(CASE WHEN recommendation = 'antibiotic-not-advised' THEN 1 ELSE 0 END) AS antibiotic_not_advised
FROM orders
WHERE status = 'evaluated'
GROUP BY site, order_month
ORDER BY site, order_month
