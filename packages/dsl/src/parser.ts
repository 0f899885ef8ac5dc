/**
 * The grammar, as a chevrotain CstParser: rules only, no actions. Error recovery is on, so one
 * pass reports every syntax error; cst-to-ast.ts turns the (possibly partial) CST into the AST.
 */
import { CstParser, type CstNode, type IToken, type TokenType } from "chevrotain";
import * as t from "./tokens.js";

/** The words that give an alert's or action's card its text (§13.12 of the language reference). */
export const cardWords: ReadonlySet<string> = new Set(["summary", "detail", "override"]);

/** The Steward grammar. One instance is reused: `input = tokens`, then call `file()`. */
export class StewardParser extends CstParser {
  /** How deeply conditions may nest: brackets, `not`, `any … where` and `time since` each add a level. */
  private maxNesting = Number.POSITIVE_INFINITY;
  private nesting = 0;
  /** The first token where a condition would have nested deeper than allowed, if one did. */
  tooDeep: IToken | undefined;

  constructor() {
    super(t.allTokens, { recoveryEnabled: true, maxLookahead: 4, nodeLocationTracking: "full" });
    this.performSelfAnalysis();
  }

  /** Reads `tokens` as a file, nesting conditions at most `maxNesting` deep. */
  parseFile(tokens: IToken[], maxNesting: number): CstNode {
    this.input = tokens;
    this.maxNesting = maxNesting;
    this.nesting = 0;
    this.tooDeep = undefined;
    return this.file();
  }

  /**
   * Gates a nested condition starting with `start`: past the limit the alternative is closed, so
   * the parser reports an error instead of recursing, and `tooDeep` says where.
   */
  private canNest(start: TokenType): boolean {
    if (this.nesting < this.maxNesting) return true;
    if (this.LA(1).tokenType === start) this.tooDeep ??= this.LA(1);
    return false;
  }

  /** Runs `inner` one nesting level down. */
  private nest(inner: () => void): void {
    this.nesting++;
    try {
      inner();
    } finally {
      this.nesting--;
    }
  }

  public file = this.RULE("file", () => {
    this.MANY(() => this.SUBRULE(this.item));
  });

  private item = this.RULE("item", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.guidelineDecl) },
      { ALT: () => this.SUBRULE(this.sourceDecl) },
      { ALT: () => this.SUBRULE(this.codesDecl) },
      { ALT: () => this.SUBRULE(this.observationDecl) },
      { ALT: () => this.SUBRULE(this.findingDecl) },
      { ALT: () => this.SUBRULE(this.classDecl) },
      { ALT: () => this.SUBRULE(this.drugDecl) },
      { ALT: () => this.SUBRULE(this.defineDecl) },
      { ALT: () => this.SUBRULE(this.parameterDecl) },
      { ALT: () => this.SUBRULE(this.ruleDecl) },
      { ALT: () => this.SUBRULE(this.contraindicationDecl) },
      { ALT: () => this.SUBRULE(this.resistanceDecl) },
      { ALT: () => this.SUBRULE(this.scoreDecl) },
      { ALT: () => this.SUBRULE(this.choicesDecl) },
      { ALT: () => this.SUBRULE(this.testsDecl) },
      { ALT: () => this.SUBRULE(this.scenarioDecl) },
    ]);
  });

  private testsDecl = this.RULE("testsDecl", () => {
    this.CONSUME(t.Tests);
    this.CONSUME(t.StringLiteral);
    this.OPTION(() => {
      this.CONSUME(t.At);
      this.CONSUME(t.DateTimeLiteral);
    });
  });

  private scenarioDecl = this.RULE("scenarioDecl", () => {
    this.CONSUME(t.Scenario);
    this.CONSUME(t.StringLiteral);
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.scenarioClause));
    this.CONSUME(t.RBrace);
  });

  private scenarioClause = this.RULE("scenarioClause", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.At);
          this.CONSUME(t.DateTimeLiteral);
        },
      },
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(t.Given) }, { ALT: () => this.CONSUME(t.Expect) }]);
          this.CONSUME(t.LBrace);
          this.MANY(() => this.SUBRULE(this.scenarioLine));
          this.CONSUME(t.RBrace);
        },
      },
    ]);
  });

  private scenarioLine = this.RULE("scenarioLine", () => {
    this.AT_LEAST_ONE(() => this.CONSUME(t.Word));
    this.CONSUME(t.LineEnd);
  });

  private importDecl = this.RULE("importDecl", () => {
    this.CONSUME(t.Import);
    this.OPTION(() => {
      this.SUBRULE(this.nameList);
      this.CONSUME(t.From);
    });
    this.CONSUME(t.StringLiteral);
  });

  private nameList = this.RULE("nameList", () => {
    this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.CONSUME(t.Identifier) });
  });

  private guidelineDecl = this.RULE("guidelineDecl", () => {
    this.CONSUME(t.Guideline);
    this.CONSUME(t.Identifier);
    this.SUBRULE(this.block);
  });

  private sourceDecl = this.RULE("sourceDecl", () => {
    this.CONSUME(t.Source);
    this.CONSUME(t.Identifier);
    this.SUBRULE(this.block);
  });

  private codesDecl = this.RULE("codesDecl", () => {
    this.CONSUME(t.Codes);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.CONSUME(t.StringLiteral));
    this.SUBRULE(this.block);
  });

  private observationDecl = this.RULE("observationDecl", () => {
    this.CONSUME(t.ObservationKw);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.CONSUME(t.StringLiteral));
    this.SUBRULE(this.block);
  });

  private findingDecl = this.RULE("findingDecl", () => {
    this.CONSUME(t.FindingKw);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.CONSUME(t.StringLiteral));
    this.OPTION2(() => this.SUBRULE(this.block));
  });

  private classDecl = this.RULE("classDecl", () => {
    this.CONSUME(t.ClassKw);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.StringLiteral);
    this.OPTION(() => {
      this.CONSUME(t.Within);
      this.SUBRULE(this.nameList);
    });
    this.OPTION2(() => this.SUBRULE(this.block));
  });

  private drugDecl = this.RULE("drugDecl", () => {
    this.CONSUME(t.DrugKw);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.StringLiteral);
    this.SUBRULE(this.block);
  });

  private block = this.RULE("block", () => {
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.blockEntry));
    this.CONSUME(t.RBrace);
  });

  private blockEntry = this.RULE("blockEntry", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.citeClause) },
      { GATE: () => this.LA(1).image === "oral-dose", ALT: () => this.SUBRULE(this.doseEntry) },
      {
        GATE: () =>
          (isCodeToken(this.LA(2).tokenType) && this.LA(3).tokenType === t.StringLiteral) ||
          (this.LA(2).tokenType === t.DescendantsOrSelf && isCodeToken(this.LA(3).tokenType)),
        ALT: () => this.SUBRULE(this.codeEntry),
      },
      { ALT: () => this.SUBRULE(this.field) },
    ]);
  });

  // `oral-dose 500 mg oral twice daily until review cite ng138 "table 1"`: a dose with the source that gives it.
  private doseEntry = this.RULE("doseEntry", () => {
    this.CONSUME(t.Identifier);
    this.SUBRULE(this.regimen);
    this.SUBRULE(this.citeClause);
  });

  private codeEntry = this.RULE("codeEntry", () => {
    this.CONSUME(t.Identifier);
    this.OPTION2(() => this.CONSUME(t.DescendantsOrSelf));
    this.OR([
      { ALT: () => this.CONSUME(t.NumberLiteral) },
      { ALT: () => this.CONSUME(t.HyphenCode) },
      { ALT: () => this.CONSUME(t.CodeWord) },
    ]);
    this.CONSUME(t.StringLiteral);
    this.OPTION(() => {
      this.CONSUME(t.Unverified);
      this.CONSUME2(t.StringLiteral);
    });
  });

  private field = this.RULE("field", () => {
    this.CONSUME(t.Identifier);
    this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.fieldValue) });
  });

  private fieldValue = this.RULE("fieldValue", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.StringLiteral) },
      { ALT: () => this.CONSUME(t.Identifier) },
      { ALT: () => this.CONSUME(t.VersionLiteral) },
      { ALT: () => this.CONSUME(t.DateLiteral) },
      { ALT: () => this.SUBRULE(this.quantity) },
      { ALT: () => this.CONSUME(t.Unit) },
      { ALT: () => this.CONSUME(t.CodeWord) },
      { ALT: () => this.CONSUME(t.HyphenCode) },
    ]);
  });

  private citeClause = this.RULE("citeClause", () => {
    this.CONSUME(t.Cite);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.CONSUME(t.StringLiteral));
  });

  private defineDecl = this.RULE("defineDecl", () => {
    this.CONSUME(t.Define);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expr);
  });

  private parameterDecl = this.RULE("parameterDecl", () => {
    this.CONSUME(t.ParameterKw);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.quantity);
    this.OPTION(() => this.CONSUME(t.StringLiteral));
  });

  private scoreDecl = this.RULE("scoreDecl", () => {
    this.CONSUME(t.ScoreKw);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.CONSUME(t.StringLiteral));
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.scoreEntry));
    this.CONSUME(t.RBrace);
  });

  private scoreEntry = this.RULE("scoreEntry", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.citeClause) },
      {
        ALT: () => {
          this.CONSUME(t.Criterion);
          this.SUBRULE(this.expr);
        },
      },
      {
        GATE: () => this.LA(1).image === "range",
        ALT: () => {
          this.CONSUME2(t.Identifier);
          this.SUBRULE(this.quantity);
          this.CONSUME(t.To);
          this.SUBRULE2(this.quantity);
        },
      },
      { ALT: () => this.SUBRULE(this.codeEntry) },
    ]);
  });

  private choicesDecl = this.RULE("choicesDecl", () => {
    this.CONSUME(t.ChoicesKw);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.choiceClause));
    this.CONSUME(t.RBrace);
  });

  private ruleDecl = this.RULE("ruleDecl", () => {
    this.CONSUME(t.RuleKw);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.ruleClause));
    this.CONSUME(t.RBrace);
  });

  // A contraindication and a resistance hold rule clauses; the checker says which each allows.
  private contraindicationDecl = this.RULE("contraindicationDecl", () => {
    this.CONSUME(t.ContraindicationKw);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.For);
    this.CONSUME2(t.Identifier);
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.ruleClause));
    this.CONSUME(t.RBrace);
  });

  private resistanceDecl = this.RULE("resistanceDecl", () => {
    this.CONSUME(t.ResistanceKw);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.ruleClause));
    this.CONSUME(t.RBrace);
  });

  private ruleClause = this.RULE("ruleClause", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.citeClause) },
      { ALT: () => this.SUBRULE(this.whenClause) },
      { ALT: () => this.SUBRULE(this.strategyClause) },
      { ALT: () => this.SUBRULE(this.choiceClause) },
      { ALT: () => this.SUBRULE(this.textClause) },
      { ALT: () => this.SUBRULE(this.alertClause) },
      { ALT: () => this.SUBRULE(this.reviewClause) },
      { ALT: () => this.SUBRULE(this.referClause) },
      { ALT: () => this.SUBRULE(this.requestClause) },
      { ALT: () => this.SUBRULE(this.forEachClause) },
      { ALT: () => this.SUBRULE(this.suggestClause) },
      { ALT: () => this.SUBRULE(this.offerClause) },
      { ALT: () => this.SUBRULE(this.unverifiedClause) },
      { ALT: () => this.SUBRULE(this.ifUnknownClause) },
      { ALT: () => this.SUBRULE(this.windowClause) },
    ]);
  });

  private ifUnknownClause = this.RULE("ifUnknownClause", () => {
    this.CONSUME(t.If);
    this.CONSUME(t.UnknownKw);
    this.OR([{ ALT: () => this.CONSUME(t.Offer) }, { ALT: () => this.CONSUME(t.Exclude) }, { ALT: () => this.CONSUME(t.Withhold) }]);
    this.OPTION(() => this.CONSUME(t.StringLiteral));
  });

  // `window 3 months`, or `window unstated "why"` when the source gives no time limit.
  private windowClause = this.RULE("windowClause", () => {
    this.CONSUME(t.Window);
    this.OR([
      { ALT: () => this.SUBRULE(this.quantity) },
      {
        ALT: () => {
          this.CONSUME(t.Identifier);
          this.CONSUME(t.StringLiteral);
        },
      },
    ]);
  });

  /** `unverified "why"`: what in a rule or a treatment choice is not confirmed in a cited source. */
  private unverifiedClause = this.RULE("unverifiedClause", () => {
    this.CONSUME(t.Unverified);
    this.CONSUME(t.StringLiteral);
  });

  private offerClause = this.RULE("offerClause", () => {
    this.CONSUME(t.Offer);
    this.CONSUME(t.Identifier);
  });

  private forEachClause = this.RULE("forEachClause", () => {
    this.CONSUME(t.For);
    this.CONSUME(t.Each);
    this.OR([{ ALT: () => this.CONSUME(t.Course) }, { ALT: () => this.CONSUME(t.Culture) }]);
    this.OPTION(() => {
      this.CONSUME(t.And);
      this.OR2([{ ALT: () => this.CONSUME2(t.Course) }, { ALT: () => this.CONSUME2(t.Culture) }]);
    });
  });

  private suggestClause = this.RULE("suggestClause", () => {
    this.CONSUME(t.Suggest);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.CONSUME(t.StringLiteral));
    this.SUBRULE(this.cardText);
  });

  private whenClause = this.RULE("whenClause", () => {
    this.CONSUME(t.When);
    this.SUBRULE(this.expr);
  });

  private strategyClause = this.RULE("strategyClause", () => {
    this.CONSUME(t.StrategyKw);
    this.CONSUME(t.Identifier);
    this.OPTION(() => {
      this.CONSUME(t.After);
      this.SUBRULE(this.quantity);
    });
    this.OPTION2(() => this.CONSUME(t.StringLiteral));
  });

  private choiceClause = this.RULE("choiceClause", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.First) },
      { ALT: () => this.CONSUME(t.Second) },
      { ALT: () => this.CONSUME(t.Alternative) },
    ]);
    this.CONSUME(t.Choice);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.SUBRULE(this.regimen));
    this.OPTION2(() => {
      this.CONSUME(t.LBrace);
      this.MANY(() => this.SUBRULE(this.optionClause));
      this.CONSUME(t.RBrace);
    });
  });

  private optionClause = this.RULE("optionClause", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Or);
          this.SUBRULE(this.regimen);
          this.OPTION(() => this.CONSUME(t.StringLiteral));
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Only);
          this.CONSUME(t.If);
          this.SUBRULE(this.expr);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(t.If);
          this.CONSUME(t.UnknownKw);
          this.OR2([
            { ALT: () => this.CONSUME(t.Offer) },
            { ALT: () => this.CONSUME(t.Exclude) },
            { ALT: () => this.CONSUME(t.Withhold) },
          ]);
          this.OPTION2(() => this.CONSUME2(t.StringLiteral));
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Note);
          this.CONSUME3(t.StringLiteral);
        },
      },
      { ALT: () => this.SUBRULE(this.withClause) },
      { ALT: () => this.SUBRULE(this.unverifiedClause) },
    ]);
  });

  private withClause = this.RULE("withClause", () => {
    this.CONSUME(t.With);
    this.CONSUME(t.Identifier);
    this.SUBRULE(this.regimen);
    this.OPTION({
      // `if unknown …` on the same line is the choice's clause, not the add-on's condition
      GATE: () => this.LA(2).tokenType === t.StringLiteral,
      DEF: () => {
        this.CONSUME(t.If);
        this.CONSUME(t.StringLiteral);
      },
    });
    this.OPTION2(() => {
      this.CONSUME(t.LBrace);
      this.MANY(() => this.SUBRULE(this.companionClause));
      this.CONSUME(t.RBrace);
    });
  });

  private companionClause = this.RULE("companionClause", () => {
    this.CONSUME(t.Or);
    this.SUBRULE(this.regimen);
    this.OPTION(() => this.CONSUME(t.StringLiteral));
  });

  private textClause = this.RULE("textClause", () => {
    this.OR([{ ALT: () => this.CONSUME(t.Advice) }, { ALT: () => this.CONSUME(t.Leaflet) }]);
    this.OPTION(() => this.CONSUME(t.Identifier));
    this.CONSUME(t.StringLiteral);
  });

  private alertClause = this.RULE("alertClause", () => {
    this.CONSUME(t.AlertKw);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.StringLiteral);
    this.OPTION(() => {
      this.CONSUME(t.Key);
      this.CONSUME2(t.Identifier);
    });
    this.OPTION2({
      GATE: () => this.LA(1).image === "recommends",
      DEF: () => {
        this.CONSUME3(t.Identifier);
        this.CONSUME4(t.Identifier);
      },
    });
    this.SUBRULE(this.cardText);
  });

  /** After an alert or an action, the words of its card: `summary "…"`, `detail "…"`, `override <code> "…"` (contextual words, not keywords). */
  private cardText = this.RULE("cardText", () => {
    this.MANY({
      GATE: () => this.LA(1).tokenType === t.Identifier && cardWords.has(this.LA(1).image),
      DEF: () => {
        this.CONSUME(t.Identifier);
        this.OPTION({ GATE: () => this.LA(1).tokenType === t.Identifier, DEF: () => this.CONSUME2(t.Identifier) });
        this.CONSUME(t.StringLiteral);
      },
    });
  });

  private reviewClause = this.RULE("reviewClause", () => {
    this.CONSUME(t.Review);
    this.CONSUME(t.After);
    this.SUBRULE(this.quantity);
    this.OPTION(() => {
      this.CONSUME(t.From);
      this.CONSUME(t.Course);
      this.CONSUME(t.Identifier);
    });
    this.OPTION2({
      GATE: () => this.LA(1).image === "overdue",
      DEF: () => {
        this.CONSUME2(t.Identifier);
        this.CONSUME2(t.After);
        this.SUBRULE2(this.quantity);
      },
    });
    this.OPTION3({
      GATE: () => this.LA(1).image === "offering",
      DEF: () => {
        this.CONSUME3(t.Identifier);
        this.SUBRULE(this.nameList);
      },
    });
    this.SUBRULE(this.cardText);
  });

  // `refer <target> <urgency> [unverified "why"] "reason"`: the note marks the urgency, and is always
  // followed by the reason, so a clause after the referral is never read into it.
  private referClause = this.RULE("referClause", () => {
    this.CONSUME(t.Refer);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.CONSUME2(t.Identifier));
    this.OPTION2({
      GATE: () => this.LA(3).tokenType === t.StringLiteral,
      DEF: () => {
        this.CONSUME(t.Unverified);
        this.CONSUME(t.StringLiteral);
      },
    });
    this.OPTION3(() => this.CONSUME2(t.StringLiteral));
    this.SUBRULE(this.cardText);
  });

  private requestClause = this.RULE("requestClause", () => {
    this.CONSUME(t.Request);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.CONSUME(t.StringLiteral));
    this.SUBRULE(this.cardText);
  });

  // ---- regimens ---------------------------------------------------------------------------

  private regimen = this.RULE("regimen", () => {
    this.SUBRULE(this.doseStep);
    this.MANY(() => {
      this.CONSUME(t.Then);
      this.SUBRULE2(this.doseStep);
    });
  });

  private doseStep = this.RULE("doseStep", () => {
    this.SUBRULE(this.doseGroup);
    this.MANY(() => this.CONSUME(t.Identifier));
    this.OR([
      {
        // `once` on its own is a single dose; `once daily` and `once or twice daily` repeat
        GATE: () => !(this.LA(1).tokenType === t.Once && (this.LA(2).tokenType === t.Daily || this.LA(2).tokenType === t.Times || (this.LA(2).tokenType === t.Or && isFrequency(this.LA(3).tokenType)))),
        ALT: () => this.SUBRULE(this.singleSchedule),
      },
      {
        ALT: () => {
          this.SUBRULE(this.schedule);
          // Further doses and frequencies the table gives for the step: `… four times daily or 1000 mg twice daily`.
          this.MANY2({
            GATE: () => this.LA(1).tokenType === t.Or && this.alternativeFollows(),
            DEF: () => {
              this.CONSUME(t.Or);
              this.SUBRULE2(this.doseGroup);
              this.SUBRULE2(this.schedule);
            },
          });
        },
      },
    ]);
    this.OPTION2(() => this.SUBRULE(this.stepDuration));
  });

  /**
   * After `or` (at LA(1)): true when what follows is a dose (or doses joined by `or`) and then a
   * frequency that repeats — another dose and frequency of the same step, not the next `or` line
   * of the choice (`or 400 mg oral once …`).
   */
  private alternativeFollows(): boolean {
    let k = 2;
    const skipAmount = (): boolean => {
      if (!isAmountStart(this.LA(k).tokenType)) return false;
      k++;
      if (this.LA(k).tokenType === t.Unit) k++;
      return true;
    };
    for (;;) {
      if (!skipAmount()) return false;
      if (this.LA(k).tokenType === t.To && (k++, !skipAmount())) return false;
      if (this.LA(k).tokenType === t.Max && (k++, !skipAmount())) return false;
      if (this.LA(k).tokenType === t.Of && (k++, !skipAmount())) return false;
      if (this.LA(k).tokenType !== t.Or) break;
      k++;
    }
    const next = this.LA(k).tokenType;
    if (next === t.Every || next === t.Twice || next === t.Three || next === t.Four) return true;
    const after = this.LA(k + 1).tokenType;
    return next === t.Once && (after === t.Daily || after === t.Times || after === t.Or);
  }

  /** Doses that share a frequency: `12.5 mg/kg or 125 mg`. */
  private doseGroup = this.RULE("doseGroup", () => {
    this.SUBRULE(this.dose);
    this.MANY({
      GATE: () => this.LA(1).tokenType === t.Or && isAmountStart(this.LA(2).tokenType),
      DEF: () => {
        this.CONSUME(t.Or);
        this.SUBRULE2(this.dose);
      },
    });
  });

  /** `500 mg`, `500/125 mg`, `250 mg to 500 mg`, `4 mg/kg max 200 mg`, `5 mL of 125/31`. */
  private dose = this.RULE("dose", () => {
    this.SUBRULE(this.amount);
    this.OPTION(() => {
      this.CONSUME(t.To);
      this.SUBRULE2(this.amount);
    });
    this.OPTION2(() => {
      this.CONSUME(t.Max);
      this.SUBRULE(this.quantity);
    });
    this.OPTION3(() => {
      this.CONSUME(t.Of);
      this.CONSUME(t.StrengthLiteral);
      this.OPTION4(() => this.CONSUME(t.Unit));
    });
  });

  // A hyphenated range (`250-500 mg`) lexes as a code; it is read here so the checker can say how to write it.
  private amount = this.RULE("amount", () => {
    this.OR([{ ALT: () => this.CONSUME(t.NumberLiteral) }, { ALT: () => this.CONSUME(t.StrengthLiteral) }, { ALT: () => this.CONSUME(t.HyphenCode) }]);
    this.OPTION(() => this.CONSUME(t.Unit));
  });

  /** The length of a step: a quantity, or a hyphenated range (`5-7 days`) the checker reports. */
  private length = this.RULE("length", () => {
    this.OR([{ ALT: () => this.CONSUME(t.NumberLiteral) }, { ALT: () => this.CONSUME(t.HyphenCode) }]);
    this.OPTION(() => this.CONSUME(t.Unit));
  });

  private singleSchedule = this.RULE("singleSchedule", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Once) },
      {
        ALT: () => {
          this.CONSUME(t.Single);
          this.CONSUME(t.Dose);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.On);
          this.CONSUME(t.Unit);
          this.CONSUME(t.NumberLiteral);
        },
      },
    ]);
  });

  private schedule = this.RULE("schedule", () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.frequency);
          this.OPTION(() => {
            this.CONSUME(t.Or);
            this.SUBRULE2(this.frequency);
          });
          this.OPTION2(() => this.CONSUME(t.Times));
          this.CONSUME(t.Daily);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Every);
          this.SUBRULE(this.quantity);
        },
      },
    ]);
  });

  private frequency = this.RULE("frequency", () => {
    this.OR([{ ALT: () => this.CONSUME(t.Once) }, { ALT: () => this.CONSUME(t.Twice) }, { ALT: () => this.CONSUME(t.Three) }, { ALT: () => this.CONSUME(t.Four) }]);
  });

  private stepDuration = this.RULE("stepDuration", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.For);
          this.SUBRULE(this.length);
          this.OPTION(() => {
            this.CONSUME(t.To);
            this.SUBRULE2(this.length);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(t.To);
          this.CONSUME(t.Complete);
          this.SUBRULE3(this.length);
          this.OPTION2(() => {
            this.CONSUME3(t.To);
            this.SUBRULE4(this.length);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Until);
          this.CONSUME(t.Review);
        },
      },
    ]);
  });

  private quantity = this.RULE("quantity", () => {
    this.CONSUME(t.NumberLiteral);
    this.OPTION(() => this.CONSUME(t.Unit));
  });

  // ---- conditions -------------------------------------------------------------------------

  private expr = this.RULE("expr", () => {
    this.SUBRULE(this.andExpr);
    this.MANY({
      // `or 50 mg …` after a condition starts an alternative regimen, not a disjunction:
      // no condition starts with a number.
      GATE: () => !isAmountStart(this.LA(2).tokenType),
      DEF: () => {
        this.CONSUME(t.Or);
        this.SUBRULE2(this.andExpr);
      },
    });
  });

  private andExpr = this.RULE("andExpr", () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(t.And);
      this.SUBRULE2(this.notExpr);
    });
  });

  private notExpr = this.RULE("notExpr", () => {
    this.OR([
      {
        GATE: () => this.canNest(t.Not),
        ALT: () => {
          this.CONSUME(t.Not);
          this.nest(() => this.SUBRULE(this.notExpr));
        },
      },
      { ALT: () => this.SUBRULE(this.predicate) },
    ]);
  });

  private predicate = this.RULE("predicate", () => {
    this.OR([
      {
        GATE: () => this.canNest(t.LParen),
        ALT: () => {
          this.CONSUME(t.LParen);
          this.nest(() => this.SUBRULE(this.expr));
          this.CONSUME(t.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Allergic);
          this.CONSUME(t.To);
          this.SUBRULE(this.drugRef);
        },
      },
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(t.Any) }, { ALT: () => this.CONSUME(t.No) }]);
          this.OR3([{ ALT: () => this.CONSUME(t.Course) }, { ALT: () => this.CONSUME(t.Culture) }]);
          this.OPTION({
            GATE: () => this.canNest(t.Where),
            DEF: () => {
              this.CONSUME(t.Where);
              this.nest(() => this.SUBRULE2(this.expr));
            },
          });
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.valueTerm);
          this.OPTION2(() => this.SUBRULE(this.comparisonTail));
        },
      },
    ]);
  });

  private comparisonTail = this.RULE("comparisonTail", () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(t.GreaterEqual) },
            { ALT: () => this.CONSUME(t.LessEqual) },
            { ALT: () => this.CONSUME(t.NotEqual) },
            { ALT: () => this.CONSUME(t.Greater) },
            { ALT: () => this.CONSUME(t.Less) },
            { ALT: () => this.CONSUME(t.Equals) },
          ]);
          this.SUBRULE(this.operand);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Is);
          this.OPTION(() => this.CONSUME(t.Not));
          this.OR3([
            { ALT: () => this.CONSUME(t.Known) },
            { ALT: () => this.CONSUME(t.UnknownKw) },
            { ALT: () => this.CONSUME(t.Identifier) },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.In);
          this.CONSUME2(t.Identifier);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Between);
          this.SUBRULE2(this.operand);
          this.CONSUME(t.And);
          this.SUBRULE3(this.operand);
        },
      },
    ]);
  });

  private operand = this.RULE("operand", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.quantity) }, { ALT: () => this.SUBRULE(this.valueTerm) }]);
  });

  private valueTerm = this.RULE("valueTerm", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Identifier);
          this.OPTION(() => {
            this.CONSUME(t.Measured);
            this.CONSUME(t.Within);
            this.SUBRULE(this.quantity);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Course);
          this.OR2([{ ALT: () => this.CONSUME(t.DrugKw) }, { ALT: () => this.CONSUME(t.Review) }, { ALT: () => this.CONSUME2(t.Identifier) }]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Culture);
          this.OR3([
            {
              ALT: () => {
                this.CONSUME(t.Result);
                this.CONSUME(t.For);
                this.SUBRULE(this.drugRef);
              },
            },
            { ALT: () => this.CONSUME3(t.Identifier) },
          ]);
        },
      },
      {
        GATE: () => this.canNest(t.Time),
        ALT: () => {
          this.CONSUME(t.Time);
          this.CONSUME(t.Since);
          this.nest(() => this.SUBRULE(this.valueTerm));
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Onset);
          this.CONSUME2(t.Of);
          this.CONSUME5(t.Identifier);
        },
      },
      {
        ALT: () => {
          this.OR4([
            { ALT: () => this.CONSUME(t.Highest) },
            { ALT: () => this.CONSUME(t.Lowest) },
            {
              ALT: () => {
                this.CONSUME(t.Trend);
                this.CONSUME(t.Of);
              },
            },
          ]);
          this.CONSUME4(t.Identifier);
          this.OPTION2(() => {
            this.CONSUME2(t.Measured);
            this.CONSUME2(t.Within);
            this.SUBRULE2(this.quantity);
          });
        },
      },
    ]);
  });

  private drugRef = this.RULE("drugRef", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Course);
          this.CONSUME(t.DrugKw);
        },
      },
      { ALT: () => this.CONSUME(t.Identifier) },
    ]);
  });
}

function isFrequency(type: TokenType): boolean {
  return type === t.Once || type === t.Twice || type === t.Three || type === t.Four;
}

function isAmountStart(type: TokenType): boolean {
  return type === t.NumberLiteral || type === t.StrengthLiteral || type === t.HyphenCode;
}

function isCodeToken(type: TokenType): boolean {
  return type === t.NumberLiteral || type === t.HyphenCode || type === t.CodeWord;
}

/** The shared parser instance (building one runs grammar analysis, which is slow). */
export const parser = new StewardParser();

/** Re-exported so callers can name tokens without importing chevrotain. */
export type Token = IToken;
