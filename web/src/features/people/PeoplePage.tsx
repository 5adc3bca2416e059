import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Assignment } from '../../../../shared/assignments.ts';
import type { SessionUser } from '../../../../shared/auth.ts';
import {
  Coverage,
  CreatedPerson,
  Invitation,
  PeoplePage as PeoplePageSchema,
  ROLES,
  REGIONAL_ROLES,
  type Person,
  type Role,
} from '../../../../shared/people.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import { RegionList, type Region } from '../../../../shared/regions.ts';
import { StationsPage } from '../../../../shared/stations.ts';
import { ApiError, getJson, sendJson } from '../../lib/api-client.ts';
import { currentLanguage } from '../../lib/i18n.ts';

type Filters = { q: string; role: '' | Role; region: string; assignment: 'any' | 'assigned' | 'unassigned' };

/** HQ's list of people: search, filters, coverage, adding people and putting observers on stations. */
export function PeoplePage({ user }: { user: SessionUser }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const [filters, setFilters] = useState<Filters>({ q: '', role: '', region: '', assignment: 'any' });
  const [people, setPeople] = useState<Person[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState('');
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [regions, setRegions] = useState<Region[]>([]);
  const [refresh, setRefresh] = useState(0);
  const canWrite = scopeFor(user.role, 'people.write') !== null;
  const canAssign = scopeFor(user.role, 'assignments.write') !== null;

  const query = useCallback(
    (cursor?: string) => {
      const params = new URLSearchParams({ limit: '50', assignment: filters.assignment });
      if (filters.q.trim()) params.set('q', filters.q.trim());
      if (filters.role) params.set('role', filters.role);
      if (filters.region) params.set('region', filters.region);
      if (cursor) params.set('cursor', cursor);
      return `/api/people?${params}`;
    },
    [filters],
  );

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setStatus('loading');
      getJson(query(), PeoplePageSchema, controller.signal).then(
        (page) => {
          setPeople(page.items);
          setNextCursor(page.nextCursor);
          setStatus('ready');
        },
        (e: unknown) => {
          if (controller.signal.aborted) return;
          setError(e instanceof Error ? e.message : String(e));
          setStatus('error');
        },
      );
      const coverageUrl = filters.region ? `/api/coverage?region=${filters.region}` : '/api/coverage';
      getJson(coverageUrl, Coverage, controller.signal).then(setCoverage, () => setCoverage(null));
    }, 250); // typing in the search box waits for a pause
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, filters.region, refresh]);

  useEffect(() => {
    const controller = new AbortController();
    getJson('/api/regions', RegionList, controller.signal).then(
      (list) => setRegions(list.items),
      () => setRegions([]),
    );
    return () => controller.abort();
  }, []);

  const visibleRegions =
    user.role === 'regional_coordinator' ? regions.filter((r) => user.regions.includes(r.code)) : regions;
  const regionName = (code: string) => regions.find((r) => r.code === code)?.name[language] ?? code;

  async function loadMore() {
    if (!nextCursor) return;
    const page = await getJson(query(nextCursor), PeoplePageSchema);
    setPeople((list) => [...list, ...page.items]);
    setNextCursor(page.nextCursor);
  }

  return (
    <section className="page" aria-labelledby="people-title">
      <div className="page-head">
        <h2 id="people-title">{t('people.title')}</h2>
        {coverage && (
          <p className="coverage" data-testid="coverage">
            {t('people.coverage', { n: coverage.withPrimary, m: coverage.stations })}
          </p>
        )}
        <a className="button" href="/api/export/people.csv" download>
          {t('people.export')}
        </a>
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('people.search')}
          <input
            type="search"
            value={filters.q}
            data-testid="people-search"
            onChange={(e) => setFilters({ ...filters, q: e.target.value })}
          />
        </label>
        <label>
          {t('people.role')}
          <select
            value={filters.role}
            onChange={(e) => setFilters({ ...filters, role: e.target.value as Filters['role'] })}
          >
            <option value="">{t('people.all')}</option>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('people.region')}
          <select value={filters.region} onChange={(e) => setFilters({ ...filters, region: e.target.value })}>
            <option value="">{t('people.all')}</option>
            {visibleRegions.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name[language]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('people.assignment')}
          <select
            value={filters.assignment}
            onChange={(e) => setFilters({ ...filters, assignment: e.target.value as Filters['assignment'] })}
          >
            <option value="any">{t('people.all')}</option>
            <option value="assigned">{t('people.assigned')}</option>
            <option value="unassigned">{t('people.unassigned')}</option>
          </select>
        </label>
      </form>
      {coverage && coverage.stations > coverage.withPrimary && (
        <UncoveredStations region={filters.region} count={coverage.stations - coverage.withPrimary} />
      )}
      {canWrite && <AddPerson regions={visibleRegions} language={language} onAdded={() => setRefresh((n) => n + 1)} />}
      {status === 'error' && (
        <p className="state state-error" role="alert">
          {error}
        </p>
      )}
      {status === 'ready' && people.length === 0 && (
        <p className="state" role="status">
          {t('people.empty')}
        </p>
      )}
      {people.length > 0 && (
        <table className="table" data-testid="people-table">
          <thead>
            <tr>
              <th scope="col">{t('people.name')}</th>
              <th scope="col">{t('people.role')}</th>
              <th scope="col">{t('people.login')}</th>
              <th scope="col">{t('people.region')}</th>
              <th scope="col">{t('people.station')}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id} className={p.active ? undefined : 'inactive'}>
                <td>
                  {p.name}
                  {p.invitationPending && <span className="tag">{t('people.invited')}</span>}
                  {canWrite && <NewCodeButton person={p} />}
                </td>
                <td>{t(`roles.${p.role}`)}</td>
                <td>{p.phone ?? p.username}</td>
                <td>
                  {p.regions.map(regionName).join(', ')}
                  {p.districts.length > 0 && <span className="muted"> ({p.districts.join(', ')})</span>}
                </td>
                <td>
                  {p.assignment ? (
                    <span className="inline">
                      № {p.assignment.stationNumber} · {t(`people.kind.${p.assignment.kind}`)}
                      {canAssign && (
                        <EndAssignmentButton assignmentId={p.assignment.id} onEnded={() => setRefresh((n) => n + 1)} />
                      )}
                    </span>
                  ) : p.role === 'station_observer' && canAssign ? (
                    <AssignStation person={p} onAssigned={() => setRefresh((n) => n + 1)} />
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor && (
        <button type="button" onClick={() => void loadMore()}>
          {t('people.more')}
        </button>
      )}
    </section>
  );
}

function AddPerson({
  regions,
  language,
  onAdded,
}: {
  regions: Region[];
  language: 'kk' | 'ru' | 'en';
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({
    name: '',
    role: 'station_observer' as Role,
    phone: '',
    username: '',
    region: '',
    districts: '',
  });
  const [result, setResult] = useState<CreatedPerson | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const created = await sendJson('POST', '/api/people', CreatedPerson, {
        name: form.name,
        role: form.role,
        ...(form.phone ? { phone: form.phone } : {}),
        ...(form.username ? { username: form.username } : {}),
        regions: form.region ? [form.region] : [],
        districts: form.districts
          .split(/[|,]/)
          .map((d) => d.trim())
          .filter(Boolean),
      });
      setResult(created);
      setForm({ ...form, name: '', phone: '', username: '' });
      onAdded();
    } catch (e) {
      setError(
        e instanceof ApiError ? [e.message, ...e.details.map((d) => `${d.path}: ${d.message}`)].join(' — ') : String(e),
      );
    }
  }

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t('people.add')}
      </button>
    );
  }
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-label={t('people.add')}>
      <label>
        {t('people.name')}
        <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
      </label>
      <label>
        {t('people.role')}
        <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`roles.${role}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('people.phone')}
        <input
          type="tel"
          value={form.phone}
          onChange={(e) => setForm({ ...form, phone: e.target.value })}
          placeholder="+7 701 123 45 67"
        />
      </label>
      <label>
        {t('people.username')}
        <input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
      </label>
      {REGIONAL_ROLES.includes(form.role) && (
        <label>
          {t('people.region')}
          <select value={form.region} onChange={(e) => setForm({ ...form, region: e.target.value })} required>
            <option value="" />
            {regions.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name[language]}
              </option>
            ))}
          </select>
        </label>
      )}
      {form.role === 'long_term_observer' && (
        <label>
          {t('people.districts')}
          <input value={form.districts} onChange={(e) => setForm({ ...form, districts: e.target.value })} />
        </label>
      )}
      <button type="submit">{t('people.create')}</button>
      <button type="button" className="link" onClick={() => setOpen(false)}>
        {t('people.close')}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <p className="invitation" role="status" data-testid="invitation">
          {t('people.invitation', { name: result.person.name, code: result.invitation.code })}
        </p>
      )}
    </form>
  );
}

function AssignStation({ person, onAssigned }: { person: Person; onAssigned: () => void }) {
  const { t } = useTranslation();
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const page = await getJson(`/api/stations?number=${encodeURIComponent(number)}&limit=1`, StationsPage);
      const station = page.items[0];
      if (!station) throw new Error(t('people.noStation', { number }));
      await sendJson('POST', '/api/assignments', Assignment, {
        personId: person.id,
        stationId: station.id,
        kind: 'primary',
      });
      onAssigned();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <form className="inline" onSubmit={(e) => void submit(e)}>
      <input
        aria-label={t('people.assignTo', { name: person.name })}
        inputMode="numeric"
        size={6}
        value={number}
        onChange={(e) => setNumber(e.target.value)}
        required
      />
      <button type="submit">{t('people.assign')}</button>
      {error && <span className="form-error">{error}</span>}
    </form>
  );
}

const END_REASONS = ['removed_by_commission', 'ill', 'moved', 'other'] as const;

/** Takes an observer off a station, saying why: the history keeps it. */
function EndAssignmentButton({ assignmentId, onEnded }: { assignmentId: number; onEnded: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<(typeof END_REASONS)[number]>('removed_by_commission');
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        {t('people.remove')}
      </button>
    );
  }
  return (
    <form
      className="inline"
      onSubmit={(event) => {
        event.preventDefault();
        sendJson('POST', `/api/assignments/${assignmentId}/end`, Assignment, { reason }).then(onEnded, (e: unknown) =>
          setError(e instanceof Error ? e.message : String(e)),
        );
      }}
    >
      <select
        aria-label={t('people.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value as typeof reason)}
      >
        {END_REASONS.map((r) => (
          <option key={r} value={r}>
            {t(`people.reasons.${r}`)}
          </option>
        ))}
      </select>
      <button type="submit">{t('people.confirm')}</button>
      <button type="button" className="link" onClick={() => setOpen(false)}>
        {t('people.close')}
      </button>
      {error && <span className="form-error">{error}</span>}
    </form>
  );
}

/** The stations nobody of ours watches yet: what HQ works down before election day. */
function UncoveredStations({ region, count }: { region: string; count: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<StationsPage['items'] | null>(null);
  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    const params = new URLSearchParams({ coverage: 'uncovered', limit: '200' });
    if (region) params.set('region', region);
    getJson(`/api/stations?${params}`, StationsPage, controller.signal).then(
      (page) => setItems(page.items),
      () => setItems([]),
    );
    return () => controller.abort();
  }, [open, region]);
  return (
    <details
      className="uncovered"
      onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}
      data-testid="uncovered"
    >
      <summary>{t('people.uncovered', { count })}</summary>
      {open && items === null && <p role="status">{t('app.loading')}</p>}
      {items && (
        <ul>
          {items.map((s) => (
            <li key={s.id}>
              № {s.number} — {s.locality}, {s.address}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

/** A fresh invitation code: for a lost code, or a forgotten password (the old one stops working). */
function NewCodeButton({ person }: { person: Person }) {
  const { t } = useTranslation();
  const [code, setCode] = useState<string | null>(null);
  if (code) {
    return (
      <span className="tag" role="status">
        {t('people.newCodeIs', { code })}
      </span>
    );
  }
  return (
    <button
      type="button"
      className="link small"
      onClick={() => {
        if (!window.confirm(t('people.newCodeConfirm', { name: person.name }))) return;
        sendJson('POST', `/api/people/${person.id}/invitation`, Invitation).then(
          (invitation) => setCode(invitation.code),
          () => setCode('—'),
        );
      }}
    >
      {t('people.newCode')}
    </button>
  );
}
