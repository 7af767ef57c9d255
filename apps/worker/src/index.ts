export { startWorker, type StartWorkerOptions, type StopResult, type Worker } from "./worker";
export { jobs, jobQueues, type JobQueue } from "./jobs";
export type { JobDeps, JobHandler, JobModule } from "./jobs/types";
export { createBoss, deadLetterQueueName, BOSS_SCHEMA } from "./queue";
