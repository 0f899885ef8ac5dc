-- metric: alert-counts
-- title: Alerts raised, by rule
-- definition: For each rule of each guideline version, the number of antimicrobial courses written at the site in the month about which (or about whose patient) it raised its alert when the order was written. Divided by the same guideline version's courses_evaluated (guideline-courses), joined on site, month, guideline, version and content hash after any merge, it is the rule's alert rate.
-- source: NHS England digital AMS framework and vision: alert prioritisation and alert-fatigue management, surveillance of AMS metrics (R16, R18; the framework's own wording on alert prioritisation is not confirmed) — https://thepharmacist.co.uk/in-practice/new-nhs-vision-for-antimicrobial-stewardship-focuses-on-digital-solutions [V]
-- requires: nothing beyond the orders: the alerts are Steward's own
-- per: guideline, guideline_version, content_hash, rule, alert_key
SELECT
  e.site,
  e.order_month,
  e.guideline,
  e.guideline_version,
  e.content_hash,
  a.rule,
  a.alert_key,
  COUNT(*) AS alerts_fired
FROM alerts a
JOIN evaluations e
  ON e.patient = a.patient AND e.order_number = a.order_number AND e.guideline = a.guideline
GROUP BY e.site, e.order_month, e.guideline, e.guideline_version, e.content_hash, a.rule, a.alert_key
ORDER BY e.site, e.order_month, e.guideline, e.guideline_version, e.content_hash, a.rule, a.alert_key
