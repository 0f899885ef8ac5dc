-- metric: ivos-stayed-iv
-- title: IV courses that met the switch criteria but stayed IV
-- definition: Of the inpatient IV antimicrobial courses written at the site in the month that met the national IV-to-oral switch criteria at some moment (the guidelines suggested switching the course when evaluated on the record as it stood each time new observations or findings arrived), those that stayed IV for 24 hours or more after that moment. Also counted: the IV courses checked (met or never met) and those whose moments could not all be checked (unknown).
-- source: National antimicrobial IV-to-oral switch (IVOS) criteria for early switch, adults (UKHSA and NHS England, 2022), section 1: consider a switch within 48 hours of the first IV dose and, if not switched, review daily — https://gov.uk/government/publications/antimicrobial-intravenous-to-oral-switch-criteria-for-early-switch [V]. The 24 hours (one daily review missed) is this metric's own definition, not a clinical threshold.
-- requires: each inpatient IV order's first dose and end, and the observations and findings the switch criteria read (temperature, NEWS2, improving signs, enteral route, vomiting, infections needing IV treatment) with their times
-- share: stayed_iv / met
SELECT
  site,
  order_month,
  SUM(CASE WHEN ivos IN ('met', 'never-met') THEN 1 ELSE 0 END) AS iv_courses,
  SUM(CASE WHEN ivos = 'met' THEN 1 ELSE 0 END) AS met,
  SUM(CASE WHEN ivos = 'met' AND ivos_hours_iv_after >= 24 THEN 1 ELSE 0 END) AS stayed_iv,
  SUM(CASE WHEN ivos = 'unknown' THEN 1 ELSE 0 END) AS unknown
FROM orders
WHERE setting = 'inpatient' AND route = 'iv'
GROUP BY site, order_month
ORDER BY site, order_month
