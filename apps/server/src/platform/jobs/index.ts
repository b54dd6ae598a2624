export type { Job, JobHandler, JobLogger, JobQueueOptions, RegisterOptions, ScheduleJob } from "./jobs.js";
export { JobQueue } from "./jobs.js";
