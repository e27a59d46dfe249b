/**
 * Lesson links: `#lesson=<id>` opens a shipped lesson; `#l=<base64url(deflate-raw(lesson JSON))>`
 * carries a whole lesson (a teacher's own), read with the same caps and checks as scenario links.
 */
import { decodeJsonLink, encodeJsonLink, LESSON_LINK_PARAM } from '../scenario/share-link';
import { scenarioError } from '../scenario/scenario-error';
import { builtInLessons } from './catalog';
import type { Lesson } from './lesson';
import { parseLesson, validateLesson } from './lesson-validate';

/** The fragment parameter naming a shipped lesson. */
export const BUILTIN_LESSON_PARAM = 'lesson';

function fragmentParams(linkOrHash: string): string[] {
  const hash = linkOrHash.indexOf('#');
  return hash < 0 ? [] : linkOrHash.slice(hash + 1).split('&');
}

/** Whether a URL or fragment carries a lesson. */
export function hasLessonLink(linkOrHash: string): boolean {
  return fragmentParams(linkOrHash).some((p) => p.startsWith(`${BUILTIN_LESSON_PARAM}=`) || p.startsWith(`${LESSON_LINK_PARAM}=`));
}

/** The link of a lesson: short for a shipped one, the whole lesson otherwise. */
export async function encodeLessonLink(lesson: Lesson): Promise<string> {
  const builtin = builtInLessons().find((l) => l.id === lesson.id);
  if (builtin && JSON.stringify(builtin) === JSON.stringify(lesson)) return `#${BUILTIN_LESSON_PARAM}=${encodeURIComponent(lesson.id)}`;
  return encodeJsonLink(LESSON_LINK_PARAM, JSON.stringify(validateLesson(lesson)));
}

/** The lesson a link carries; throws a ScenarioError saying what is wrong. */
export async function decodeLessonLink(linkOrHash: string): Promise<Lesson> {
  const named = fragmentParams(linkOrHash).find((p) => p.startsWith(`${BUILTIN_LESSON_PARAM}=`));
  if (named !== undefined) {
    let id = named.slice(BUILTIN_LESSON_PARAM.length + 1);
    try {
      id = decodeURIComponent(id);
    } catch {
      // Looked up as it is: no lesson has such an id.
    }
    const lesson = builtInLessons().find((l) => l.id === id);
    if (!lesson) throw scenarioError('BadLink', `no lesson is called ${JSON.stringify(id.slice(0, 64))}: the shipped lessons are ${builtInLessons().map((l) => l.id).join(', ')}`);
    return lesson;
  }
  return parseLesson(await decodeJsonLink(linkOrHash, LESSON_LINK_PARAM));
}
