import { describe, expect, it } from 'vitest';
import { builtInLessons } from './catalog';
import { decodeLessonLink, encodeLessonLink, hasLessonLink } from './lesson-link';

describe('lesson links', () => {
  it('name a shipped lesson by id, and carry a lesson of your own whole', async () => {
    const shipped = builtInLessons()[1];
    const short = await encodeLessonLink(shipped);
    expect(short).toBe('#lesson=kubectl-apply');
    expect(await decodeLessonLink(`https://example.org/kubesim/${short}`)).toBe(shipped);
    const own = { ...shipped, id: 'my-own', title: { en: 'Mine', 'zh-CN': '我的' } };
    const link = await encodeLessonLink(own);
    expect(link).toMatch(/^#l=[A-Za-z0-9_-]+$/);
    expect(hasLessonLink(`https://x/${link}`)).toBe(true);
    expect(hasLessonLink('https://x/#s=abc')).toBe(false);
    const back = await decodeLessonLink(link);
    expect(back.title).toEqual({ en: 'Mine', 'zh-CN': '我的' });
    expect(back.steps).toEqual(own.steps);
  });

  it('refuse unknown ids, bad payloads and invalid lessons, saying why', async () => {
    await expect(decodeLessonLink('#lesson=nope')).rejects.toThrow(/no lesson is called "nope"/);
    await expect(decodeLessonLink('#l=***')).rejects.toMatchObject({ reason: 'BadBase64' });
    await expect(decodeLessonLink('#l=AAAA')).rejects.toMatchObject({ reason: 'BadCompression' });
    const { encodeJsonLink } = await import('../scenario/share-link');
    await expect(decodeLessonLink(await encodeJsonLink('l', '{"version":1,"id":"x"}'))).rejects.toMatchObject({ reason: 'Invalid' });
    await expect(decodeLessonLink(await encodeJsonLink('l', '{"__proto__":{}}'))).rejects.toMatchObject({ reason: 'ForbiddenKey' });
    await expect(encodeJsonLink('l', `{"pad":"${'a'.repeat(2 << 20)}"}`)).rejects.toThrow('the lesson is 2097162 bytes of JSON; a share link holds at most 1048576');
  });
});
