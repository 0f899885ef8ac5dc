import { describe, expect, test } from "vitest";
import { markdownText, summaryOf } from "../src/index.js";

describe("summaryOf: a message under 140 characters is the summary; a longer one is shortened where it can be read whole", () => {
  test("a message that fits is kept as it is", () => {
    expect(summaryOf("Staphylococcus aureus in the blood culture is resistant to amoxicillin: change the antibiotic")).toEqual({ summary: "Staphylococcus aureus in the blood culture is resistant to amoxicillin: change the antibiotic", shortened: false });
    expect(summaryOf("x".repeat(139)).shortened).toBe(false);
  });

  test("a longer one is cut at the last clause break that fits (a colon here), not mid-word", () => {
    const message = "Urine culture shows the bacteria are resistant to the current antibiotic and symptoms are not improving: change the antibiotic, using a narrow-spectrum antibiotic wherever possible";
    expect(summaryOf(message)).toEqual({ summary: "Urine culture shows the bacteria are resistant to the current antibiotic and symptoms are not improving", shortened: true });
  });

  test("with no clause break that fits, at the last whole word, ending in an ellipsis", () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");
    const { summary, shortened } = summaryOf(words);
    expect(shortened).toBe(true);
    expect([...summary].length).toBeLessThanOrEqual(139);
    expect(summary).toMatch(/ word\d+…$/);
    expect(words.startsWith(summary.slice(0, -1))).toBe(true);
  });

  test("characters are counted as code points, so a message with accents or symbols is not cut short", () => {
    expect(summaryOf("é".repeat(139)).shortened).toBe(false);
    expect(summaryOf("😀".repeat(140)).summary.length).toBeLessThanOrEqual(2 * 139);
  });
});

test("markdownText escapes what Markdown would read as markup, and keeps the text on one line", () => {
  expect(markdownText("take *every* dose <b>now</b> | [see](x) _a_ ~b~ `c`")).toBe("take \\*every\\* dose \\<b\\>now\\</b\\> \\| \\[see\\](x) \\_a\\_ \\~b\\~ \\`c\\`");
  expect(markdownText("two\nlines")).toBe("two lines");
});
