/** The lessons kubesim ships, in teaching order (issue 5, section 3). */
import componentsTour from './catalog/components-tour';
import kubectlApply from './catalog/kubectl-apply';
import rbac from './catalog/rbac';
import rollingUpdate from './catalog/rolling-update';
import scheduling from './catalog/scheduling';
import selfHealing from './catalog/self-healing';
import services from './catalog/services';
import type { Lesson } from './lesson';
import { validateLesson } from './lesson-validate';

/** The shipped lessons' sources (validated by `builtInLessons`). */
export const LESSON_SOURCES: readonly unknown[] = [componentsTour, kubectlApply, scheduling, selfHealing, rollingUpdate, services, rbac];

let validated: Lesson[] | undefined;

/** The shipped lessons, validated once. */
export function builtInLessons(): Lesson[] {
  validated ??= LESSON_SOURCES.map((l) => validateLesson(l));
  return validated;
}
