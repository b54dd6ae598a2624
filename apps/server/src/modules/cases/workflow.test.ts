import { describe, expect, it } from "vitest";
import { WorkCalendar } from "../../platform/calendar/work-calendar.js";
import { deadlineView, initialDeadline, movedDeadline } from "./deadline.js";
import { isLegal, LEGAL_FROM } from "./state.js";
import { afterReview, buildPlan, startsWithDecision, statusAtStep } from "./workflow.js";

const depts = new Map([
  ["land", { id: "d-land", name: "自然资源局", regionCode: "990100" }],
  ["housing", { id: "d-housing", name: "住建局", regionCode: "990100" }],
  ["eco", { id: "d-eco", name: "生态环境局", regionCode: "990100" }],
]);

describe("workflow plan", () => {
  it("builds the parallel plan of 990100-XK-002 and derives the status of each step", () => {
    const built = buildPlan(
      [
        { dept: "land", stage: "accept" },
        {
          parallel: [
            { dept: "land", stage: "review" },
            { dept: "housing", stage: "review" },
            { dept: "eco", stage: "review" },
          ],
          onVeto: "deny",
        },
        { dept: "land", stage: "decide" },
      ],
      depts,
    );
    if (!("plan" in built)) throw new Error(built.issues.join());
    expect(built.plan[1]!.branches.map((b) => b.deptId)).toEqual(["d-land", "d-housing", "d-eco"]);
    expect([0, 1, 2].map((i) => statusAtStep(built.plan, i))).toEqual(["submitted", "in_review", "accepted"]);
    expect(startsWithDecision(built.plan)).toBe(false);
  });

  it("refuses dead ends, unreachable stages and unknown departments", () => {
    const bad = buildPlan(
      [
        { dept: "land", stage: "review" },
        { dept: "nowhere", stage: "decide" },
        { dept: "land", stage: "accept" },
      ],
      depts,
    );
    expect("issues" in bad && bad.issues.length).toBeGreaterThanOrEqual(3);
  });

  it("a veto denies at once or waits for the lead department, per the definition", () => {
    const step = (onVeto: "deny" | "lead_decides") => ({ branches: [], onVeto });
    expect(afterReview(step("deny"), "vetoed", 2)).toBe("deny");
    expect(afterReview(step("lead_decides"), "vetoed", 2)).toBe("wait");
    expect(afterReview(step("lead_decides"), "vetoed", 0)).toBe("advance");
    expect(afterReview(step("deny"), "passed", 0)).toBe("advance");
  });
});

describe("state machine", () => {
  it("allows each command only from its states", () => {
    expect(isLegal("approve", "accepted")).toBe(true);
    expect(isLegal("approve", "in_review")).toBe(false);
    expect(isLegal("withdraw", "approved")).toBe(false);
    expect(isLegal("submit", "submitted")).toBe(false);
    // Nothing but delivery (and claiming its task) follows a decision, and nothing follows a final state.
    for (const [command, from] of Object.entries(LEGAL_FROM)) {
      for (const s of ["refused", "delivered", "withdrawn", "cancelled"] as const) expect(from).not.toContain(s);
      if (!["deliver", "claim", "release"].includes(command)) expect(from).not.toContain("approved");
    }
  });
});

describe("deadlines on the 2026 calendar", () => {
  const cal = new WorkCalendar(
    [
      ...[
        "2026-02-15",
        "2026-02-16",
        "2026-02-17",
        "2026-02-18",
        "2026-02-19",
        "2026-02-20",
        "2026-02-21",
        "2026-02-22",
        "2026-02-23",
      ].map((date) => ({ date, kind: "holiday" as const, name: "春节" })),
      { date: "2026-02-14", kind: "workday" as const, name: "春节调休" },
      { date: "2026-02-28", kind: "workday" as const, name: "春节调休" },
    ],
    "Asia/Shanghai",
  );

  it("counts the promised days from acceptance and moves by the working days waited", () => {
    expect(initialDeadline(cal, new Date("2026-02-10T10:00:00+08:00"), 5)).toBe("2026-02-24");
    const moved = movedDeadline(
      cal,
      "2026-02-24",
      new Date("2026-02-13T16:30:00+08:00"),
      new Date("2026-02-25T09:00:00+08:00"),
    );
    expect(moved).toEqual({ deadlineDate: "2026-02-27", waited: 3 });
    // A stop and restart on the same day waits no working day.
    expect(
      movedDeadline(cal, "2026-02-24", new Date("2026-02-24T09:00:00+08:00"), new Date("2026-02-24T17:00:00+08:00"))
        .waited,
    ).toBe(0);
  });

  it("turns yellow near the deadline and red after it", () => {
    const state = {
      status: "in_review",
      promiseDays: 10,
      deadlineDate: "2026-03-13",
      pausedWorkingDays: 0,
      escalationLevel: 0,
    };
    expect(deadlineView(cal, state, new Date("2026-03-02T09:00:00+08:00"), 0.2).light).toBe("green");
    expect(deadlineView(cal, state, new Date("2026-03-11T09:00:00+08:00"), 0.2)).toMatchObject({
      light: "yellow",
      remainingWorkingDays: 2,
    });
    expect(deadlineView(cal, state, new Date("2026-03-16T09:00:00+08:00"), 0.2)).toMatchObject({ light: "red" });
    expect(deadlineView(cal, { ...state, status: "suspended" }, new Date(), 0.2).light).toBe("paused");
    expect(deadlineView(cal, { ...state, status: "approved" }, new Date(), 0.2).light).toBe("none");
  });
});
