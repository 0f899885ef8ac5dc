-- metric: override-rates
-- title: Alerts overridden, by rule
-- definition: For each rule of each guideline version whose alerts the CDS Hooks service showed as cards, the feedback it received (accepted or overridden) and how many were overridden. Run by `steward report` on the service's feedback store (SQLite), not on the audit's Parquet.
-- source: CDS Hooks feedback (https://cds-hooks.hl7.org, the feedback endpoint: accepted or overridden, with the override reason); NHS England digital AMS framework and vision: alert prioritisation and alert fatigue (the framework's own wording is not confirmed)
-- requires: the feedback store of `steward serve`: a table `feedback` with a row per card feedback, naming the guideline, its version, the rule and the outcome (`accepted` or `overridden`)
-- share: overridden / feedback
-- per: guideline, guideline_version, rule
SELECT
  guideline,
  guideline_version,
  rule,
  COUNT(*) AS feedback,
  SUM(CASE WHEN outcome = 'overridden' THEN 1 ELSE 0 END) AS overridden
FROM feedback
GROUP BY guideline, guideline_version, rule
ORDER BY guideline, guideline_version, rule
