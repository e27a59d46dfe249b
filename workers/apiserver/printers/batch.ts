/** batch/v1: Jobs (with the STATUS column of 1.30+) and CronJobs. */
import type { KubeObject } from '../../api/types';
import { formatLabelSelector } from '../../api/selectors';
import { humanDuration, parseTimestamp, timestampSince } from '../age';
import { ageColumn, ageOf, apiDoc, arr, boolPtr, col, field, nameColumn, nameOf, num, str, type Cell, type KindPrinter } from './format';
import { templateContainers } from './apps';

const containersColumn = () => col('Containers', 'string', 'Names of each container in the template.', 1);
const imagesColumn = () => col('Images', 'string', 'Images referenced by each container in the template.', 1);

/** hasJobCondition: the first condition of the type decides. */
function jobCondition(job: KubeObject, type: string): boolean {
  return arr(job, 'status', 'conditions').find((c) => c.type === type)?.status === 'True';
}

function jobStatus(job: KubeObject): string {
  if (jobCondition(job, 'Complete')) return 'Complete';
  if (jobCondition(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp !== undefined) return 'Terminating';
  if (jobCondition(job, 'Suspended')) return 'Suspended';
  if (jobCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobCompletions(job: KubeObject): string {
  const succeeded = num(job, ['status', 'succeeded']);
  const completions = field(job, 'spec', 'completions');
  if (typeof completions === 'number') return `${succeeded}/${completions}`;
  const parallelism = num(job, ['spec', 'parallelism']);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: KubeObject, nowMs: number): string {
  const start = parseTimestamp(field(job, 'status', 'startTime'));
  if (start === undefined) return '';
  const end = parseTimestamp(field(job, 'status', 'completionTime'));
  return humanDuration((end ?? nowMs) - start);
}

/** Jobs: NAME STATUS COMPLETIONS DURATION AGE, wide CONTAINERS IMAGES SELECTOR. */
export const jobPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', apiDoc('batch.v1.JobStatus', 'succeeded')),
    col('Duration', 'string', 'Time required to complete the job.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    col('Selector', 'string', apiDoc('batch.v1.JobSpec', 'selector'), 1),
  ],
  print(job, ctx) {
    const cells: Cell[] = [nameOf(job), jobStatus(job), jobCompletions(job), jobDuration(job, ctx.nowMs), ageOf(job, ctx)];
    if (ctx.wide) cells.push(...templateContainers(job), formatLabelSelector(field(job, 'spec', 'selector')));
    return { cells };
  },
};

/** CronJobs: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE, wide CONTAINERS IMAGES SELECTOR. */
export const cronJobPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Schedule', 'string', apiDoc('batch.v1.CronJobSpec', 'schedule')),
    col('Timezone', 'string', apiDoc('batch.v1.CronJobSpec', 'timeZone')),
    col('Suspend', 'boolean', apiDoc('batch.v1.CronJobSpec', 'suspend')),
    col('Active', 'integer', apiDoc('batch.v1.CronJobStatus', 'active')),
    col('Last Schedule', 'string', apiDoc('batch.v1.CronJobStatus', 'lastScheduleTime')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    col('Selector', 'string', apiDoc('batch.v1.JobSpec', 'selector'), 1),
  ],
  print(cj, ctx) {
    const last = field(cj, 'status', 'lastScheduleTime');
    const cells: Cell[] = [
      nameOf(cj),
      str(cj, 'spec', 'schedule'),
      str(cj, 'spec', 'timeZone') || '<none>',
      boolPtr(field(cj, 'spec', 'suspend')),
      arr(cj, 'status', 'active').length,
      last === undefined || last === null ? '<none>' : timestampSince(last, ctx.nowMs),
      ageOf(cj, ctx),
    ];
    if (ctx.wide) {
      cells.push(...templateContainers(cj, 'spec', 'jobTemplate'), formatLabelSelector(field(cj, 'spec', 'jobTemplate', 'spec', 'selector')));
    }
    return { cells };
  },
};
