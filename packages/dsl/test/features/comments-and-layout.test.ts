import { describe, expect, test } from "vitest";
import { format, formatExpr, parse } from "@steward/dsl";

/** Formats `text`, failing on any syntax error (a layout test should start from valid text). */
function fmt(text: string): string {
  const parsed = parse(text);
  expect(parsed.diagnostics).toEqual([]);
  return format(parsed.ast);
}

/** The canonical one-line text of the condition in `define x = …`. */
function condition(text: string): string {
  const item = parse(`define x = ${text}\n`).ast.items[0];
  if (item?.kind !== "define") throw new Error("expected a define");
  return formatExpr(item.expr);
}

describe("layout (§20)", () => {
  test("indents with two spaces, one clause per line, and normalises spacing", () => {
    const text = `rule   r{
cite nice     "s"
        when pregnant   and   age>=16 years
first choice amoxicillin 500 mg oral three times daily for 5 days{
or 250 mg oral four times daily for 5 days
 note "n"}
}`;
    expect(fmt(text)).toBe(`rule r {
  cite nice "s"
  when pregnant and age >= 16 years
  first choice amoxicillin 500 mg oral three times daily for 5 days {
    or 250 mg oral four times daily for 5 days
    note "n"
  }
}
`);
  });

  test("keeps single blank lines between lines, collapses runs of them, and drops them at the start of a block", () => {
    const text = `\n\nfinding a "A"\n\n\n\nfinding b "B"\nfinding c "C"\n\nrule r {\n\n  cite nice\n\n\n  when a\n  advice "x"\n\n}\n\n\n`;
    expect(fmt(text)).toBe(`finding a "A"\n\nfinding b "B"\nfinding c "C"\n\nrule r {\n  cite nice\n\n  when a\n  advice "x"\n}\n`);
  });

  test("writes units, in quantities and in fields, with their canonical symbols", () => {
    const text = `observation egfr "eGFR" {\n  unit ml/min/1.73m2\n}\n\nparameter p = 750 microgram/kg\n\ndefine d = egfr >= 45 ml/min/1.73m2 and age < 3 month\n`;
    expect(fmt(text)).toBe(`observation egfr "eGFR" {\n  unit mL/min/1.73m2\n}\n\nparameter p = 750 micrograms/kg\n\ndefine d = egfr >= 45 mL/min/1.73m2 and age < 3 months\n`);
  });

  test("keeps numbers and strings as written, escaping quotes and backslashes", () => {
    const text = 'parameter p = 1.50 mg "say \\"hi\\" \\\\ bye"\n';
    expect(fmt(text)).toBe(text);
    const parameter = parse(text).ast.items[0];
    expect(parameter?.kind === "parameter" && parameter.title?.value).toBe('say "hi" \\ bye');
  });

  test("an empty file formats to nothing", () => {
    expect(fmt("")).toBe("");
    expect(fmt("\n\n  \n")).toBe("");
  });
});

describe("long conditions (§20)", () => {
  test("a `when` too long for one line breaks before each top-level `and`", () => {
    const text = `rule r {
  when diagnosis in lower-uti and sex is female and age >= 16 years and not pregnant and not breastfeeding and egfr >= 45 mL/min/1.73m2
}
`;
    expect(fmt(text)).toBe(`rule r {
  when diagnosis in lower-uti
      and sex is female
      and age >= 16 years
      and not pregnant
      and not breastfeeding
      and egfr >= 45 mL/min/1.73m2
}
`);
  });

  test("a broken condition keeps nested groups on their line", () => {
    const text = `define x = diagnosis in lower-uti or (sex is female and age >= 16 years and not pregnant) or (setting is inpatient and egfr is unknown)\n`;
    expect(fmt(text)).toBe(`define x = diagnosis in lower-uti
    or sex is female and age >= 16 years and not pregnant
    or setting is inpatient and egfr is unknown
`);
  });

  test("an `only if` breaks the same way, indented under its choice", () => {
    const text = `rule r {
  first choice a 1 mg oral once {
    only if egfr measured within 3 months >= 45 mL/min/1.73m2 and not at-term and not allergic to penicillins
  }
}
`;
    expect(fmt(text)).toBe(`rule r {
  first choice a 1 mg oral once {
    only if egfr measured within 3 months >= 45 mL/min/1.73m2
        and not at-term
        and not allergic to penicillins
  }
}
`);
  });

  test("a condition that fits stays on one line", () => {
    const text = "rule r {\n  when diagnosis in lower-uti and sex is female and age >= 16 years and not pregnant\n}\n";
    expect(fmt(text)).toBe(text);
  });

  test("a long condition with no top-level `and` or `or` stays on one line", () => {
    const text = `define x = any course where course drug in penicillins and course route is iv and time since course start > 48 hours and course indication in lower-uti\n`;
    expect(fmt(text)).toBe(text);
  });

  test("formatting a broken condition again changes nothing", () => {
    const once = fmt(`define x = sex is female and age >= 16 years and not pregnant and not breastfeeding and egfr >= 45 mL/min/1.73m2 and improving\n`);
    expect(fmt(once)).toBe(once);
  });
});

describe("parentheses (§15.1, §20)", () => {
  test("`any … where …` gets parentheses inside a larger condition, since `where` takes everything after it", () => {
    expect(condition("pregnant and (any course where course route is iv)")).toBe("pregnant and (any course where course route is iv)");
    expect(condition("(any course where course route is iv) or pregnant")).toBe("(any course where course route is iv) or pregnant");
    expect(condition("not (any culture where culture specimen is urine)")).toBe("not (any culture where culture specimen is urine)");
  });

  test("`any …` without `where`, or at the top, needs no parentheses", () => {
    expect(condition("(any course) and pregnant")).toBe("any course and pregnant");
    expect(condition("(any course where course route is iv)")).toBe("any course where course route is iv");
    expect(condition("any course where (any culture where culture specimen is urine)")).toBe("any course where any culture where culture specimen is urine");
  });

  test("redundant parentheses go; those that group `or` inside `and` stay", () => {
    expect(condition("(pregnant) and ((improving))")).toBe("pregnant and improving");
    expect(condition("(pregnant and improving) or breastfeeding")).toBe("pregnant and improving or breastfeeding");
    expect(condition("pregnant and (improving or breastfeeding)")).toBe("pregnant and (improving or breastfeeding)");
    expect(condition("not (pregnant or improving)")).toBe("not (pregnant or improving)");
  });

  test("parentheses written around an `and` inside an `and` are kept, as the author grouped them", () => {
    expect(condition("(pregnant and improving) and breastfeeding")).toBe("(pregnant and improving) and breastfeeding");
    expect(condition("pregnant or (improving or breastfeeding)")).toBe("pregnant or (improving or breastfeeding)");
  });

  test("`is not known` is written `is unknown`, and `is not unknown` is written `is known`", () => {
    expect(condition("egfr is not known")).toBe("egfr is unknown");
    expect(condition("egfr is not unknown")).toBe("egfr is known");
  });
});

describe("comments (§2.2, §20)", () => {
  test("leading, trailing, before-the-brace and end-of-file comments stay where they were", () => {
    const text = `# The file's opening comment.

# About the source.
source nice {  # trailing after the brace is not possible here
  title "NICE"  # the title
  # before the closing brace
}  # after the block

rule r {
  # before the first clause
  cite nice
  when pregnant  # who

  # advice follows
  advice "a"
  first choice amoxicillin 500 mg oral once {
    note "n"  # on an option
    # closing the option block
  }
  # closing the rule
}

# the end
`;
    // a comment after `{` is the first line of the block: it moves to its own line
    expect(fmt(text)).toBe(`# The file's opening comment.

# About the source.
source nice {
  # trailing after the brace is not possible here
  title "NICE"  # the title
  # before the closing brace
}  # after the block

rule r {
  # before the first clause
  cite nice
  when pregnant  # who

  # advice follows
  advice "a"
  first choice amoxicillin 500 mg oral once {
    note "n"  # on an option
    # closing the option block
  }
  # closing the rule
}

# the end
`);
  });

  test("comments are re-indented with their block, and trailing spaces are dropped", () => {
    expect(fmt("rule r {\n        # deep   \n cite nice\n}\n")).toBe("rule r {\n  # deep\n  cite nice\n}\n");
  });

  test("a blank line between a comment and its declaration is kept", () => {
    const text = "# heading\n\nfinding a\n\n# about b\nfinding b\n";
    expect(fmt(text)).toBe(text);
  });

  test("comments in an empty block and an empty file are kept", () => {
    expect(fmt("rule r {\n\n  # nothing yet\n}\n")).toBe("rule r {\n  # nothing yet\n}\n");
    expect(fmt("\n\n# only a comment\n\n# and another\n")).toBe("# only a comment\n\n# and another\n");
  });

  test("a trailing comment on a broken condition stays on its last line", () => {
    const text = `define x = sex is female and age >= 16 years and not pregnant and not breastfeeding and egfr >= 45 mL/min/1.73m2  # renal\n`;
    expect(fmt(text)).toBe(`define x = sex is female
    and age >= 16 years
    and not pregnant
    and not breastfeeding
    and egfr >= 45 mL/min/1.73m2  # renal
`);
  });

  test("a comment inside a condition written over several lines is kept, above the declaration", () => {
    const text = `define x = sex is female\n  # why\n  and pregnant\n`;
    expect(fmt(text)).toBe(`# why\ndefine x = sex is female and pregnant\n`);
  });
});
