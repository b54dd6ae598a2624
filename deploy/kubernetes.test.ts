import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../apps/server/src/platform/config.js";
import { buildKustomization, type K8sObject, validateObject } from "./lint/kubernetes.js";

/**
 * deploy/k8s rendered and validated without a cluster (deploy/lint/kubernetes.ts: strict Kubernetes 1.34
 * schemas), then the promises the manifests make: probes on the right port, requests, non-root with a
 * read-only root file system (the restricted Pod Security Standard), a disruption budget that keeps two of
 * three pods, a Service and budget that select the Deployment's pods, and a configuration the server accepts.
 */
const DIR = path.join(import.meta.dirname, "k8s");
const { objects, problems } = buildKustomization(DIR);
const find = (kind: string) => {
  const o = objects.find((x) => x.kind === kind);
  if (!o) throw new Error(`no ${kind} in deploy/k8s`);
  return o;
};
/** The keys of the Secret yiwang-secrets that README.md ("Production") tells the operator to create. */
const SECRET_KEYS = [
  "DATABASE_URL",
  "SESSION_SECRET",
  "DATA_ENCRYPTION_KEY",
  "PII_INDEX_KEY",
  "METRICS_TOKEN",
  "SMS_HTTP_TOKEN",
  "PAYMENT_CALLBACK_SECRET",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
];

describe("deploy/k8s", () => {
  it("renders and every object is valid against the strict Kubernetes 1.34 schema of its kind", () => {
    expect(problems).toEqual([]);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      [
        "ConfigMap/yiwang-config",
        "Deployment/yiwang",
        "Job/yiwang-migrate",
        "Namespace/yiwang",
        "PodDisruptionBudget/yiwang",
        "Service/yiwang",
      ].sort(),
    );
    // Every manifest in the folder is part of the kustomization.
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml");
    expect(files.length).toBe(objects.length);
    for (const o of objects) if (o.kind !== "Namespace") expect(o.metadata.namespace).toBe("yiwang");
  });

  it("three replicas with startup, readiness (/healthz) and liveness probes on the container's port, and requests", () => {
    const d = find("Deployment");
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
    const [c] = d.spec.template.spec.containers;
    expect(c.image).toBe("yiwang:0.1.0");
    expect(c.args).toEqual(["start"]);
    const ports = new Set(c.ports.map((p: { name: string }) => p.name));
    expect(c.readinessProbe.httpGet.path).toBe("/healthz");
    for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe])
      expect(ports.has(probe.httpGet?.port ?? probe.tcpSocket?.port)).toBe(true);
    // The app listens where the probes look: the image's PORT (3000) is not overridden.
    expect(c.ports[0].containerPort).toBe(loadConfig({}).port);
    expect(c.resources.requests.cpu).toBeDefined();
    expect(c.resources.requests.memory).toBeDefined();
    expect(c.resources.limits.memory).toBeDefined();
  });

  it("the pods of the Deployment and the Job meet the restricted Pod Security Standard", () => {
    expect(find("Namespace").metadata.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    for (const o of [find("Deployment"), find("Job")]) {
      expect(restrictedProblems(o)).toEqual([]);
      expect(o.spec.template.spec.automountServiceAccountToken).toBe(false);
    }
  });

  it("the Service and the disruption budget select exactly the Deployment's pods; one pod of three may be drained", () => {
    const d = find("Deployment");
    const pods = d.spec.template.metadata.labels;
    expect(d.spec.selector.matchLabels).toEqual(pods);
    const service = find("Service");
    expect(service.spec.selector).toEqual(d.spec.selector.matchLabels);
    const [container] = d.spec.template.spec.containers;
    expect(container.ports.map((p: { name: string }) => p.name)).toContain(service.spec.ports[0].targetPort);
    const pdb = find("PodDisruptionBudget");
    expect(pdb.spec.selector.matchLabels).toEqual(d.spec.selector.matchLabels);
    expect(pdb.spec.maxUnavailable).toBe(1);
    // The migration Job's pods are not the server's: neither the Service nor the budget selects them.
    const job = find("Job").spec.template.metadata.labels;
    expect(Object.entries(service.spec.selector).every(([k, v]) => job[k] === v)).toBe(false);
  });

  it("the migration Job runs `migrate` once, from the same image and configuration", () => {
    const job = find("Job");
    const d = find("Deployment");
    const [c] = job.spec.template.spec.containers;
    const [server] = d.spec.template.spec.containers;
    expect(c.args).toEqual(["migrate"]);
    expect(c.image).toBe(server.image);
    expect(c.envFrom).toEqual(server.envFrom);
    expect(job.spec.template.spec.restartPolicy).toBe("Never");
    expect(job.spec.backoffLimit).toBeGreaterThan(0);
  });

  it("the ConfigMap and the Secret's keys make a production configuration the server accepts", () => {
    const d = find("Deployment");
    const [c] = d.spec.template.spec.containers;
    const configMap = find("ConfigMap");
    expect(c.envFrom).toEqual([
      { configMapRef: { name: configMap.metadata.name } },
      { secretRef: { name: "yiwang-secrets" } },
    ]);
    const secret: Record<string, string> = {
      DATABASE_URL: "postgres://yiwang:secret@postgres.example.org:5432/yiwang",
      SESSION_SECRET: randomBytes(32).toString("hex"),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      PII_INDEX_KEY: randomBytes(32).toString("base64"),
      METRICS_TOKEN: randomBytes(16).toString("hex"),
      SMS_HTTP_TOKEN: randomBytes(16).toString("hex"),
      PAYMENT_CALLBACK_SECRET: randomBytes(32).toString("hex"),
      S3_ACCESS_KEY_ID: "yiwang-app",
      S3_SECRET_ACCESS_KEY: randomBytes(32).toString("hex"),
    };
    expect(Object.keys(secret)).toEqual(SECRET_KEYS);
    const config = loadConfig({ ...configMap.data, ...secret });
    expect(config.env).toBe("production");
    expect(config.files.store).toBe("s3");
    expect(config.trustProxy).toBe(true);
    // No secret in the ConfigMap; both lists documented in README.md's configuration table.
    expect(Object.keys(configMap.data ?? {}).filter((k) => SECRET_KEYS.includes(k))).toEqual([]);
    const readme = fs.readFileSync(path.resolve(DIR, "../../README.md"), "utf8");
    for (const k of [...Object.keys(configMap.data ?? {}), ...SECRET_KEYS]) expect(readme, k).toContain(`\`${k}\``);
  });

  it("reports a misspelt field, a wrong type and a weakened pod (the checks can fail)", () => {
    const d = structuredClone(find("Deployment"));
    const [c] = d.spec.template.spec.containers;
    c.readinesProbe = c.readinessProbe;
    c.ports[0].containerPort = "3000";
    expect(validateObject(d)).toEqual([
      "Deployment/yiwang/spec/template/spec/containers/0 must NOT have additional properties: readinesProbe",
      "Deployment/yiwang/spec/template/spec/containers/0/ports/0/containerPort must be integer",
    ]);
    delete c.securityContext.readOnlyRootFilesystem;
    d.spec.template.spec.securityContext.runAsNonRoot = false;
    expect(restrictedProblems(d)).toEqual([
      "Deployment/yiwang: runAsNonRoot",
      "Deployment/yiwang/yiwang: readOnlyRootFilesystem",
    ]);
    expect(validateObject({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "x" } })).toEqual([
      "Ingress/x: no schema for networking.k8s.io/v1 Ingress in fixtures/deploy/kubernetes-1.34",
    ]);
  });
});

/** The restricted Pod Security Standard's rules, plus a read-only root file system (the image writes nothing). */
function restrictedProblems(o: K8sObject): string[] {
  const problems: string[] = [];
  const pod = o.spec.template.spec;
  const id = `${o.kind}/${o.metadata.name}`;
  if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${id}: runAsNonRoot`);
  if (pod.securityContext?.seccompProfile?.type !== "RuntimeDefault") problems.push(`${id}: seccompProfile`);
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) problems.push(`${id}: host namespaces`);
  for (const c of pod.containers) {
    const s = c.securityContext ?? {};
    if (s.allowPrivilegeEscalation !== false) problems.push(`${id}/${c.name}: allowPrivilegeEscalation`);
    if (s.readOnlyRootFilesystem !== true) problems.push(`${id}/${c.name}: readOnlyRootFilesystem`);
    if (JSON.stringify(s.capabilities?.drop) !== '["ALL"]') problems.push(`${id}/${c.name}: capabilities`);
    if (s.privileged) problems.push(`${id}/${c.name}: privileged`);
  }
  return problems;
}
