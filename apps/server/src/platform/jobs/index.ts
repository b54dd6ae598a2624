export type { Job, JobHandler, JobLogger, JobQueueOptions, ScheduleJob } from "./jobs.js";
export { JobQueue } from "./jobs.js";
