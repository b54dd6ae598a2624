/**
 * The indicator registry: each indicator defined once and versioned. An edit is a batch checked as a whole
 * (formulas parse, every measure exists, every referenced indicator exists, no composite refers back to
 * itself, every declared dimension is one all its measures have); a refusal names the path of the first
 * problem ("indicators[3].formula → measure cases.foo"). A changed definition becomes a new version in one
 * transaction with its audit entry; an unchanged one is left as it is.
 */
import type { Indicator, IndicatorDimension } from "@yiwang/contracts";
import { IndicatorInput, SaveIndicatorsRequest } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import type { IndicatorDeps } from "./context.js";
import { DEFAULT_INDICATORS } from "./defaults.js";
import { atPath, IndicatorErrors } from "./errors.js";
import { ALL_INDICATORS, invalidateFigures } from "./figure-cache.js";
import { type Formula, FormulaSyntaxError, isMeasureName, parseFormula, references, weightedNodes } from "./formula.js";
import { MEASURE_BY_NAME, MEASURES } from "./measures.js";
import type { DefinitionRow } from "./repository.js";

type Definition = ReturnType<typeof IndicatorInput.parse>;

export interface CompiledIndicator extends Indicator {
  tree: Formula;
}

function toIndicator(r: DefinitionRow): Indicator {
  return {
    code: r.code,
    version: r.version,
    name: r.name,
    nameEn: r.name_en,
    definition: r.definition,
    unit: r.unit,
    formula: r.formula,
    dimensions: r.dimensions as IndicatorDimension[],
    direction: r.direction as "higher" | "lower",
    target: r.target,
    thresholds: { warning: r.warning, critical: r.critical },
    sourceModule: r.source_module,
    ownerDepartmentId: r.owner_department_id,
    updatedAt: r.created_at.toISOString(),
    updatedBy: r.created_by,
  };
}

const same = (a: Definition, b: Definition) =>
  JSON.stringify({ ...a, dimensions: [...a.dimensions].sort() }) ===
  JSON.stringify({ ...b, dimensions: [...b.dimensions].sort() });

export class IndicatorRegistry {
  constructor(private readonly deps: IndicatorDeps) {}

  /** The current version of every indicator (built-ins never edited are version 0). */
  async current(db?: Kysely<DB>): Promise<Map<string, CompiledIndicator>> {
    return this.deps.definitionsCache.read("current", () => this.compile(db), db);
  }

  private async compile(db?: Kysely<DB>): Promise<Map<string, CompiledIndicator>> {
    const rows = await this.deps.repo.currentDefinitions(db);
    const out = new Map<string, CompiledIndicator>();
    for (const d of DEFAULT_INDICATORS)
      out.set(d.code, {
        ...IndicatorInput.parse(d),
        version: 0,
        updatedAt: new Date(0).toISOString(),
        updatedBy: "system",
        tree: parseFormula(d.formula),
      });
    for (const r of rows) out.set(r.code, { ...toIndicator(r), tree: parseFormula(r.formula) });
    return out;
  }

  async list() {
    const current = await this.current();
    return {
      indicators: [...current.values()].map(({ tree: _t, ...i }) => i),
      measures: MEASURES.map(({ name, label, labelEn, dimensions }) => ({ name, label, labelEn, dimensions })),
    };
  }

  async versions(code: string) {
    const rows = await this.deps.repo.versions(code);
    const builtIn = DEFAULT_INDICATORS.find((d) => d.code === code);
    if (rows.length === 0 && !builtIn) throw IndicatorErrors.INDICATOR_NOT_FOUND({ code });
    const versions = rows.map(toIndicator);
    if (builtIn)
      versions.push({
        ...IndicatorInput.parse(builtIn),
        version: 0,
        updatedAt: new Date(0).toISOString(),
        updatedBy: "system",
      });
    return { versions };
  }

  /** Checks the batch against the registry it would produce; throws the first problem with its path. */
  validate(
    batch: Definition[],
    existing: ReadonlyMap<string, { formula: string; target: number | null; thresholds: { critical: number | null } }>,
  ): Map<string, Formula> {
    const trees = new Map<string, Formula>();
    const index = new Map<string, number>();
    batch.forEach((d, i) => {
      if (index.has(d.code))
        throw atPath(
          IndicatorErrors.INDICATOR_DEFINITION_INVALID,
          `indicators[${i}].code`,
          `重复的编码 ${d.code}`,
          `duplicate code ${d.code}`,
        );
      index.set(d.code, i);
      try {
        trees.set(d.code, parseFormula(d.formula));
      } catch (e) {
        if (!(e instanceof FormulaSyntaxError)) throw e;
        throw atPath(IndicatorErrors.INDICATOR_DEFINITION_INVALID, `indicators[${i}].formula`, e.messageZh, e.message);
      }
    });
    const formulaOf = (code: string): Formula | null => {
      const t = trees.get(code);
      if (t) return t;
      const e = existing.get(code);
      return e ? parseFormula(e.formula) : null;
    };
    // Every reference known.
    batch.forEach((d, i) => {
      for (const ref of references(trees.get(d.code) as Formula)) {
        if (isMeasureName(ref)) {
          if (!MEASURE_BY_NAME.has(ref))
            throw atPath(
              IndicatorErrors.INDICATOR_MEASURE_UNKNOWN,
              `indicators[${i}].formula`,
              `度量 ${ref}`,
              `measure ${ref}`,
            );
        } else if (!formulaOf(ref)) {
          throw atPath(
            IndicatorErrors.INDICATOR_DEFINITION_INVALID,
            `indicators[${i}].formula`,
            `指标 ${ref} 不存在`,
            `indicator ${ref}`,
          );
        }
      }
    });
    // A weighted system: indicator children only, each with a target and a critical threshold to normalise
    // by, weights summing to 1.
    batch.forEach((d, i) => {
      const path = `indicators[${i}].formula`;
      for (const w of weightedNodes(trees.get(d.code) as Formula)) {
        const sum = w.items.reduce((a, c) => a + c.weight, 0);
        if (Math.abs(sum - 1) > 1e-9)
          throw atPath(
            IndicatorErrors.INDICATOR_DEFINITION_INVALID,
            path,
            `权重之和应为 1（现为 ${sum}）`,
            `weights sum to ${sum}, not 1`,
          );
        for (const c of w.items) {
          if (isMeasureName(c.code))
            throw atPath(
              IndicatorErrors.INDICATOR_DEFINITION_INVALID,
              path,
              `weighted() 的 ${c.code} 应为指标而非度量`,
              `${c.code} in weighted() is a measure, not an indicator`,
            );
          const j = index.get(c.code);
          const child = j !== undefined ? batch[j] : existing.get(c.code);
          const critical = child?.thresholds.critical ?? null;
          if (!child || child.target === null || critical === null || child.target === critical)
            throw atPath(
              IndicatorErrors.INDICATOR_DEFINITION_INVALID,
              path,
              `子指标 ${c.code} 需有目标值与不同的严重阈值`,
              `child ${c.code} needs a target and a different critical threshold`,
            );
        }
      }
    });
    // No cycles: a depth-first walk from each edited indicator through the composite references.
    batch.forEach((d, i) => {
      const walk = (code: string, path: string[]) => {
        for (const ref of references(formulaOf(code) as Formula)) {
          if (isMeasureName(ref)) continue;
          if (ref === d.code) {
            const cycle = [...path, ref].join(" → ");
            throw atPath(
              IndicatorErrors.INDICATOR_DEFINITION_INVALID,
              `indicators[${i}].formula`,
              `循环引用 ${cycle}`,
              `cycle ${cycle}`,
            );
          }
          if (path.includes(ref)) continue; // another cycle, reported from its own member
          walk(ref, [...path, ref]);
        }
      };
      walk(d.code, [d.code]);
    });
    // Each declared dimension is one every measure behind the indicator has.
    batch.forEach((d, i) => {
      const measures = new Set<string>();
      const collect = (code: string, seen: Set<string>) => {
        if (seen.has(code)) return;
        seen.add(code);
        for (const ref of references(formulaOf(code) as Formula))
          isMeasureName(ref) ? measures.add(ref) : collect(ref, seen);
      };
      collect(d.code, new Set());
      d.dimensions.forEach((dim, j) => {
        for (const m of measures) {
          if (!MEASURE_BY_NAME.get(m)?.dimensions.includes(dim))
            throw atPath(
              IndicatorErrors.INDICATOR_DIMENSION_UNSUPPORTED,
              `indicators[${i}].dimensions[${j}]`,
              `度量 ${m} 没有维度 ${dim}`,
              `measure ${m} lacks dimension ${dim}`,
            );
        }
      });
    });
    return trees;
  }

  async save(p: Principal, body: unknown): Promise<{ indicators: Indicator[] }> {
    const batch = SaveIndicatorsRequest.parse(body).indicators;
    const current = await this.current();
    this.validate(batch, current);
    const { db, repo, audit, clock } = this.deps;
    const now = clock.now();
    const saved = await db.transaction().execute(async (trx) => {
      const out: Indicator[] = [];
      for (const d of batch) {
        const before = current.get(d.code);
        if (before) {
          const { version: _v, updatedAt: _u, updatedBy: _b, tree: _t, ...was } = before;
          if (same(was as Definition, d)) {
            out.push({ ...d, version: before.version, updatedAt: before.updatedAt, updatedBy: before.updatedBy });
            continue;
          }
        }
        const version = (before?.version ?? 0) + 1;
        const row: DefinitionRow = {
          code: d.code,
          version,
          name: d.name,
          name_en: d.nameEn,
          definition: d.definition,
          unit: d.unit,
          formula: d.formula,
          dimensions: d.dimensions,
          direction: d.direction,
          target: d.target,
          warning: d.thresholds.warning,
          critical: d.thresholds.critical,
          source_module: d.sourceModule,
          owner_department_id: d.ownerDepartmentId,
          created_by: p.id,
          created_at: now,
        };
        await repo.insertDefinition(row, trx);
        await audit.append(
          {
            type: "indicators.definition.saved",
            actor: `staff:${p.id}`,
            actingFor: null,
            subject: `indicator:${d.code}`,
            payload: { version, formula: d.formula, dimensions: d.dimensions, target: d.target },
            time: now,
          },
          trx,
        );
        out.push(toIndicator(row));
      }
      await invalidateFigures(this.deps.cacheRegistry, trx, ALL_INDICATORS);
      return out;
    });
    return { indicators: saved };
  }
}
