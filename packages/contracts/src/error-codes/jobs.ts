import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of the job queue's dead-letter administration (platform/jobs). Never rename one. */
export const JobErrorCodes = {
  JOB_NOT_FOUND: { status: 404, message: "任务不存在", messageEn: "No such job" },
  JOB_NOT_DEAD: {
    status: 409,
    message: "该任务不是死信任务，只有死信任务可以重新运行",
    messageEn: "The job is not dead; only dead jobs can be re-run",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
