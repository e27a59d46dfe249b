/**
 * The lessons' code and catalogue, as one chunk the classroom imports the first time a lesson is
 * listed, started or linked: a cluster that nobody follows a lesson on never downloads it.
 */
export { builtInLessons } from '../lessons/catalog';
export { LessonSession, lessonSummaries } from '../lessons/lesson-session';
export { decodeLessonLink, encodeLessonLink } from '../lessons/lesson-link';
