import { describe, expect, it } from 'vitest';
import { draftOf, editOf, emptyDraft, validate } from '../../web/src/features/findings/finding-draft.ts';
import {
  filterFromSearch,
  filterParams,
  pageParams,
  REVIEWED,
} from '../../web/src/features/findings/finding-filter.ts';

const ID = '0b6f8f4e-6a53-4d0e-9a39-0d1d3c3a8e11';
const t = (key: string, options?: Record<string, unknown>) => (options ? `${key}:${JSON.stringify(options)}` : key);

const filled = () => ({
  ...emptyDraft(ID, ['astana']),
  categoryCode: 'vote_buying',
  locality: 'Астана',
  title: 'Сайлаушыларға ақша ұсынылды',
  description: 'Учаске маңында',
  confidence: 'low' as const,
});

describe('finding form draft', () => {
  it('starts with today, the only region and one own-observation source', () => {
    const draft = emptyDraft(ID, ['astana']);
    expect(draft.region).toBe('astana');
    expect(draft.occurredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(draft.sources).toEqual([{ kind: 'own_observation', note: '', url: '' }]);
    expect(emptyDraft(ID, ['shymkent', 'turkistan']).region).toBe('');
  });

  it('names each missing or wrong field with the shared schema, sources by row', () => {
    const result = validate(
      {
        ...filled(),
        title: 'ab',
        station: '12a',
        sources: [
          { kind: 'media', note: '', url: '' },
          { kind: 'witness', note: '', url: '' },
        ],
      },
      t,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['sources.0.url', 'sources.1.note', 'station', 'title']);
    expect(result.errors.title).toBe('findings.errors.tooShort:{"min":3}');
    expect(result.errors['sources.0.url']).toBe('findings.errors.mediaUrl');
  });

  it('turns a valid form into the contract input with the station number apart', () => {
    const result = validate({ ...filled(), station: '45', occurredTime: '09:05' }, t);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.stationNumber).toBe(45);
    expect(result.input.stationId).toBeNull();
    expect(result.input.occurredTime).toBe('09:05');
    expect(result.input.sources).toEqual([{ kind: 'own_observation', note: '', url: null }]);
  });

  it('an edit carries only the changed fields, with the version seen', () => {
    const result = validate(filled(), t);
    if (!result.ok) throw new Error('valid');
    const finding = { ...result.input, version: 3, station: null };
    const unchanged = editOf(finding, result.input, null, { changeId: ID });
    expect(unchanged.empty).toBe(true);
    const again = validate(
      { ...draftOf(ID, result.input, null), title: 'Ақша мен азық-түлік ұсынылды', station: '7' },
      t,
    );
    if (!again.ok) throw new Error('valid');
    const edit = editOf(finding, again.input, again.stationNumber, { changeId: ID });
    expect(edit.empty).toBe(false);
    expect(edit.body).toEqual({ changeId: ID, version: 3, title: 'Ақша мен азық-түлік ұсынылды', region: 'astana' });
    expect(edit.stationNumber).toBe(7);
  });

  it('a new region with the same station number is a new station, looked up again', () => {
    const result = validate({ ...filled(), station: '12' }, t);
    if (!result.ok) throw new Error('valid');
    const finding = { ...result.input, version: 2, station: { number: 12 } };
    const moved = validate({ ...draftOf(ID, result.input, 12), region: 'almaty-city' }, t);
    if (!moved.ok) throw new Error('valid');
    const edit = editOf(finding, moved.input, moved.stationNumber, { changeId: ID });
    // The old station id belongs to the old region: the sender resolves № 12 in the new one.
    expect(edit.body).toEqual({ changeId: ID, version: 2, region: 'almaty-city' });
    expect(edit.stationNumber).toBe(12);
    expect(edit.body.stationId).toBeUndefined();
    // Same region, same number: nothing about the station is sent.
    const kept = editOf(finding, { ...result.input, title: 'Басқа тақырып' }, 12, { changeId: ID });
    expect(kept.body).toEqual({ changeId: ID, version: 2, title: 'Басқа тақырып' });
    expect(kept.stationNumber).toBeNull();
  });
});

describe('findings filter in the address bar', () => {
  it('round-trips and drops what is not valid', () => {
    const f = filterFromSearch('?q=қысым&region=astana&status=verified&from=2026-11-01&page=3&observer=x&to=2026-13');
    expect(f).toMatchObject({
      q: 'қысым',
      region: 'astana',
      status: ['verified'],
      from: '2026-11-01',
      to: '',
      page: 3,
    });
    expect(f.observer).toBe('');
    expect(filterFromSearch(`?${pageParams(f).toString()}`)).toEqual(f);
    expect(filterFromSearch('?status=bogus').status).toEqual([]);
  });

  it('keeps several statuses and fills only what the address does not name from the defaults', () => {
    const defaults = { from: '2026-09-07', to: '2026-11-29', status: [...REVIEWED] };
    const f = filterFromSearch('?status=verified,bogus,closed&to=2026-13', defaults);
    expect(f.status).toEqual(['verified', 'closed']);
    expect(f.from).toBe('2026-09-07');
    expect(f.to).toBe('');
    expect(filterParams(f).get('status')).toBe('verified,closed');
    expect(filterFromSearch('', defaults).status).toEqual(['verified', 'referred', 'closed']);
  });
});
