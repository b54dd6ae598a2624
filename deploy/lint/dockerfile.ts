import { DockerfileParser, type Instruction } from "dockerfile-ast";
import { validate } from "dockerfile-utils";

/**
 * A Dockerfile linter for CI machines without Docker or hadolint (neither is in Debian's or npm's
 * registries): the syntax is checked by dockerfile-utils (the validator of VS Code's Docker extension),
 * and the hadolint rules that matter for this image are re-implemented on dockerfile-ast's parse, each
 * named by its hadolint code where it has one.
 */
export interface Stage {
  name: string | null;
  /** The base image with the global ARG defaults substituted. */
  image: string;
  instructions: Instruction[];
}

export interface BuildContext {
  /** Whether a path (relative to the repository root) exists. */
  exists(relativePath: string): boolean;
  /** Whether .dockerignore keeps it out of the build context. */
  ignored(relativePath: string): boolean;
  /** Paths a stage's RUN creates (`${stage}:${path}`), which COPY --from may take although no file has them. */
  produced: ReadonlySet<string>;
}

export function lintDockerfile(text: string, context: BuildContext): { problems: string[]; stages: Stage[] } {
  const problems = validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
  const dockerfile = DockerfileParser.parse(text);
  const args = new Map(
    dockerfile.getInitialARGs().flatMap((a) => {
      const p = a.getProperty();
      return p ? [[p.getName(), p.getValue() ?? ""] as const] : [];
    }),
  );
  const substitute = (s: string) => s.replace(/\$\{?(\w+)\}?/g, (_, name: string) => args.get(name) ?? `$${name}`);

  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === "FROM") {
      const from = instruction as unknown as { getImage(): string | null; getBuildStage(): string | null };
      stages.push({ name: from.getBuildStage(), image: substitute(from.getImage() ?? ""), instructions: [] });
    }
    stages.at(-1)?.instructions.push(instruction);
  }
  const at = (i: Instruction) => `line ${i.getRange().start.line + 1}`;

  stages.forEach((stage, index) => {
    const earlier = new Set(stages.slice(0, index).map((s) => s.name));
    if (!earlier.has(stage.image)) {
      const [, tag] = /:([^/@]+)$/.exec(stage.image) ?? [];
      if (!tag && !stage.image.includes("@sha256:")) problems.push(`${stage.image}: tag the base image (DL3006)`);
      if (tag === "latest") problems.push(`${stage.image}: pin a version, not latest (DL3007)`);
    }
    let workdir = false;
    for (const i of stage.instructions) {
      const keyword = i.getKeyword();
      const content = i.getArgumentsContent() ?? "";
      if (keyword === "WORKDIR") workdir = true;
      if (keyword === "ADD") problems.push(`${at(i)}: use COPY for files and folders (DL3020)`);
      if (keyword === "MAINTAINER") problems.push(`${at(i)}: MAINTAINER is deprecated (DL4000)`);
      if (keyword === "RUN") problems.push(...runProblems(content).map((p) => `${at(i)}: ${p}`));
      if (keyword === "COPY")
        problems.push(...copyProblems(i, { workdir, earlier, context }).map((p) => `${at(i)}: ${p}`));
    }
  });

  const final = stages.at(-1);
  if (final) problems.push(...finalStageProblems(final));
  return { problems, stages };
}

function runProblems(command: string): string[] {
  const problems: string[] = [];
  if (/\bsudo\b/.test(command)) problems.push("do not use sudo (DL3004)");
  if (/(^|&&|;)\s*cd\s/.test(command)) problems.push("use WORKDIR to change folder (DL3003)");
  if (/(^|[^|])\|([^|]|$)/.test(command) && !/pipefail/.test(command))
    problems.push("a pipe hides the failure of its first command: set -o pipefail (DL4006)");
  if (/\bnpm (install|i)\b/.test(command)) problems.push("install from the lockfile: npm ci, not npm install");
  if (/\bapt-get\s+install\b/.test(command)) {
    if (!/\s(-y|--yes|--assume-yes)\b/.test(command)) problems.push("apt-get install needs -y (DL3014)");
    if (!command.includes("--no-install-recommends"))
      problems.push("apt-get install --no-install-recommends: no recommended extras (DL3015)");
    if (!/\bapt-get\s+update\b/.test(command)) problems.push("apt-get update in the same RUN as install (DL3009)");
    if (!command.includes("rm -rf /var/lib/apt/lists/*"))
      problems.push("remove /var/lib/apt/lists/* in the same RUN (DL3009)");
  }
  return problems;
}

function copyProblems(
  copy: Instruction,
  { workdir, earlier, context }: { workdir: boolean; earlier: Set<string | null>; context: BuildContext },
): string[] {
  const problems: string[] = [];
  const flags = (copy as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags();
  const from = flags.find((f) => f.getName() === "from")?.getValue() ?? null;
  const args = copy.getArguments().map((a) => a.getValue());
  const destination = args.at(-1) ?? "";
  if (!destination.startsWith("/") && !workdir)
    problems.push(`COPY to a relative path (${destination}) before any WORKDIR (DL3045)`);
  if (args.length > 2 && !destination.endsWith("/"))
    problems.push(`COPY of several sources needs a folder destination ending in / (${destination})`);
  for (const source of args.slice(0, -1)) {
    if (from !== null) {
      if (!earlier.has(from)) problems.push(`COPY --from=${from}: no earlier stage has that name (DL3022)`);
      const root = /^\/(src|app)\//.exec(source)?.[0];
      const relative = root ? source.slice(root.length) : source;
      if (!context.produced.has(`${from}:${relative}`) && !(context.exists(relative) && !context.ignored(relative)))
        problems.push(`COPY --from=${from} ${source}: neither built in that stage nor in the build context`);
    } else if (source !== "." && !context.exists(source)) problems.push(`COPY ${source}: no such file`);
    else if (source !== "." && context.ignored(source)) problems.push(`COPY ${source}: excluded by .dockerignore`);
  }
  return problems;
}

function finalStageProblems(stage: Stage): string[] {
  const problems: string[] = [];
  const of = (k: string) => stage.instructions.filter((i) => i.getKeyword() === k);
  const user = of("USER").at(-1)?.getArgumentsContent();
  if (!user) problems.push("the image runs as root: add USER (DL3002)");
  else if (/^(root|0)(:|$)/.test(user)) problems.push(`USER ${user}: the last USER must not be root (DL3002)`);
  else if (!/^[1-9]\d*(:\d+)?$/.test(user))
    problems.push(`USER ${user}: use a numeric uid, which Kubernetes' runAsNonRoot can verify`);
  const health = of("HEALTHCHECK").at(-1)?.getArgumentsContent() ?? "";
  if (!/CMD\s+\[/.test(health)) problems.push("the image needs a HEALTHCHECK in exec form (CMD [...])");
  for (const k of ["ENTRYPOINT", "CMD"]) {
    const content = of(k).at(-1)?.getArgumentsContent();
    if (content && !content.startsWith("[")) problems.push(`${k} in exec (JSON) form, so signals reach node (DL3025)`);
  }
  if (!of("ENTRYPOINT").length && !of("CMD").length) problems.push("the image needs an ENTRYPOINT or CMD");
  if (!of("ENV").some((e) => /\bNODE_ENV=production\b/.test(e.getArgumentsContent() ?? "")))
    problems.push("ENV NODE_ENV=production in the final stage");
  return problems;
}
