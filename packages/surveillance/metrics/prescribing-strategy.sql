-- metric: prescribing-strategy
-- title: Community antibiotic courses by the strategy the guidelines advised
-- definition: Of the antimicrobial courses written in primary care, community pharmacy or urgent care that the guidelines could evaluate, those written when a guideline advised an immediate antibiotic, those written when one advised a back-up (delayed) prescription as an option (NG84 FeverPAIN 2 to 5, NG109 for non-pregnant women, and the other primary-care guidelines' back-up rules), those written when one advised no antibiotic, and those written when the guidelines advised no antibiotic and offered none (antibiotic not advised: a prescription against the advice). The record does not say whether a prescription was issued as a back-up, so back_up_advised counts the courses where back-up prescribing was an option, not back-up prescriptions issued.
-- source: NHS England digital AMS vision, R4: in primary care, facilitate delayed (back-up) prescribing strategies — https://htn.co.uk/?p=72093 [V]; NICE QS121 statement 2, back-up (delayed) prescribing — https://nice.org.uk/guidance/qs121/chapter/quality-statement-2-back-up-delayed-prescribing [V]; the strategies are those of the loaded guidelines' rules, each citing its NICE guideline (NG79, NG84, NG91, NG109, NG120 and the others)
-- requires: the record as it stood when the order was written, with what the guideline's strategy rules read (for sore throat the FeverPAIN or Centor criteria, for pneumonia CRB65), and the care setting
-- share: back_up_advised / courses
SELECT
  site,
  order_month,
  COUNT(*) AS courses,
  SUM(CASE WHEN immediate_advised THEN 1 ELSE 0 END) AS immediate_advised,
  SUM(CASE WHEN back_up_advised THEN 1 ELSE 0 END) AS back_up_advised,
  SUM(CASE WHEN no_antibiotic_advised THEN 1 ELSE 0 END) AS no_antibiotic_advised,
  SUM(CASE WHEN recommendation = 'antibiotic-not-advised' THEN 1 ELSE 0 END) AS antibiotic_not_advised
FROM orders
WHERE status = 'evaluated' AND setting IN ('primary-care', 'community-pharmacy', 'urgent-care')
GROUP BY site, order_month
ORDER BY site, order_month
