import fs from "node:fs";
import path from "node:path";
import { Ajv, type AnySchema, type ValidateFunction } from "ajv";
import { parseAllDocuments } from "yaml";

/**
 * deploy/k8s checked without a cluster, kubeconform or kustomize (none is in Debian's or npm's registries):
 * the kustomization is rendered the way `kustomize build` renders the fields it uses (namespace, labels,
 * images), and every object is validated against the Kubernetes JSON schema of its kind. The schemas in
 * fixtures/deploy/kubernetes-1.34 are the ones kubeconform uses; they are made strict here as kubeconform's
 * `-strict` does (an object schema with properties accepts no other field), so a misspelt field such as
 * `readinesProbe` fails instead of being silently dropped by the API server.
 */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are checked against JSON schemas, not TypeScript types
  spec?: any;
  data?: Record<string, string>;
};

interface Kustomization {
  namespace?: string;
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
}

const SCHEMA_DIR = path.resolve(import.meta.dirname, "../../fixtures/deploy/kubernetes-1.34");
const SCHEMA_FILES: Record<string, string> = {
  "apps/v1 Deployment": "deployment-apps-v1.json",
  "batch/v1 Job": "job-batch-v1.json",
  "policy/v1 PodDisruptionBudget": "poddisruptionbudget-policy-v1.json",
  "v1 ConfigMap": "configmap-v1.json",
  "v1 Namespace": "namespace-v1.json",
  "v1 Service": "service-v1.json",
};
const CLUSTER_SCOPED = new Set(["Namespace"]);
/** The fields of kustomize's Kustomization type (kustomize v5); anything else is a typo kustomize rejects. */
const KUSTOMIZATION_FIELDS = new Set(
  (
    "apiVersion kind metadata namespace namePrefix nameSuffix labels commonLabels commonAnnotations resources " +
    "components configMapGenerator secretGenerator generatorOptions patches patchesStrategicMerge " +
    "patchesJson6902 images replicas replacements vars crds openapi buildMetadata sortOptions helmCharts " +
    "helmGlobals transformers generators validators configurations"
  ).split(" "),
);

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

/** Renders deploy/k8s like `kustomize build` and validates every object; problems empty when all is well. */
export function buildKustomization(dir: string): { objects: K8sObject[]; problems: string[] } {
  const problems: string[] = [];
  const k = parseAllDocuments(
    fs.readFileSync(path.join(dir, "kustomization.yaml"), "utf8"),
  )[0]?.toJS() as Kustomization;
  for (const field of Object.keys(k)) if (!KUSTOMIZATION_FIELDS.has(field)) problems.push(`kustomization: ${field}?`);
  const objects: K8sObject[] = [];
  for (const file of k.resources ?? []) {
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) {
      problems.push(`kustomization: resource ${file} does not exist`);
      continue;
    }
    for (const doc of parseAllDocuments(fs.readFileSync(full, "utf8"))) {
      if (doc.errors.length) problems.push(...doc.errors.map((e) => `${file}: ${e.message}`));
      const o = doc.toJS() as K8sObject | null;
      if (o) objects.push(render(o, k));
    }
  }
  for (const o of objects) problems.push(...validateObject(o));
  return { objects, problems };
}

/** Problems of one object against the strict schema of its kind. */
export function validateObject(o: K8sObject): string[] {
  const id = `${o.kind}/${o.metadata?.name}`;
  const file = SCHEMA_FILES[`${o.apiVersion} ${o.kind}`];
  if (!file) return [`${id}: no schema for ${o.apiVersion} ${o.kind} in fixtures/deploy/kubernetes-1.34`];
  let validate = compiled.get(file);
  if (!validate) {
    validate = ajv.compile(strict(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), "utf8"))) as AnySchema);
    compiled.set(file, validate);
  }
  if (validate(o)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${id}${e.instancePath} ${e.message}${e.keyword === "additionalProperties" ? `: ${e.params.additionalProperty}` : ""}`,
  );
}

function render(o: K8sObject, k: Kustomization): K8sObject {
  const out = structuredClone(o);
  out.metadata ??= { name: "" };
  if (k.namespace && !CLUSTER_SCOPED.has(out.kind)) out.metadata.namespace = k.namespace;
  if (k.namespace && out.kind === "Namespace") out.metadata.name = k.namespace;
  for (const l of k.labels ?? []) out.metadata.labels = { ...out.metadata.labels, ...l.pairs };
  const containers = [
    ...(out.spec?.template?.spec?.containers ?? []),
    ...(out.spec?.template?.spec?.initContainers ?? []),
  ] as { image: string }[];
  for (const c of containers) {
    const image = k.images?.find((i) => i.name === c.image);
    if (image) c.image = `${image.newName ?? image.name}${image.digest ? `@${image.digest}` : `:${image.newTag}`}`;
  }
  return out;
}

/** kubeconform -strict: every object schema that lists its properties allows no others. */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== "object") return schema;
  const s = Object.fromEntries(Object.entries(schema).map(([key, v]) => [key, strict(v)]));
  if (s.properties && s.additionalProperties === undefined) s.additionalProperties = false;
  return s;
}
