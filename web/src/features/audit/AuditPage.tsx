import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditPage as AuditPageSchema, type AuditEntry } from '../../../../shared/audit.ts';
import { getJson } from '../../lib/api-client.ts';
import { formatLocalTime } from '../../lib/format.ts';

const ENTITY_TYPES = ['', 'person', 'assignment', 'station', 'mobile_group'] as const;

function summary(value: unknown): string {
  if (value === null || value === undefined) return '';
  return JSON.stringify(value).slice(0, 200);
}

/** HQ's view of who changed what, newest first. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [entityType, setEntityType] = useState<(typeof ENTITY_TYPES)[number]>('');
  const [action, setAction] = useState('');
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');

  const url = (after?: string) => {
    const params = new URLSearchParams({ limit: '100' });
    if (entityType) params.set('entityType', entityType);
    if (action.trim()) params.set('action', action.trim());
    if (after) params.set('cursor', after);
    return `/api/audit?${params}`;
  };

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setStatus('loading');
      getJson(url(), AuditPageSchema, controller.signal).then(
        (page) => {
          setItems(page.items);
          setCursor(page.nextCursor);
          setStatus('ready');
        },
        () => {
          if (!controller.signal.aborted) setStatus('error');
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `url` is derived from these two
  }, [entityType, action]);

  async function more() {
    if (!cursor) return;
    const page = await getJson(url(cursor), AuditPageSchema);
    setItems((list) => [...list, ...page.items]);
    setCursor(page.nextCursor);
  }

  return (
    <section className="page" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('audit.entity')}
          <select value={entityType} onChange={(e) => setEntityType(e.target.value as typeof entityType)}>
            {ENTITY_TYPES.map((type) => (
              <option key={type} value={type}>
                {type ? t(`audit.entities.${type}`) : t('people.all')}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.action')}
          <input value={action} onChange={(e) => setAction(e.target.value)} placeholder="person.create" />
        </label>
      </form>
      {status === 'error' && (
        <p className="state state-error" role="alert">
          {t('audit.error')}
        </p>
      )}
      {status === 'ready' && items.length === 0 && (
        <p className="state" role="status">
          {t('audit.empty')}
        </p>
      )}
      {items.length > 0 && (
        <table className="table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.time')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.entity')}</th>
              <th scope="col">{t('audit.change')}</th>
              <th scope="col">IP</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td>{formatLocalTime(e.at, i18n.language)}</td>
                <td>
                  {e.actor
                    ? `${e.actor.name} (${t(`roles.${e.actor.role}`, { defaultValue: e.actor.role })})`
                    : t('audit.system')}
                </td>
                <td>{e.action}</td>
                <td>
                  {e.entityType} {e.entityId}
                </td>
                <td className="change">
                  {summary(e.before)}
                  {e.before !== null && e.after !== null ? ' → ' : ''}
                  {summary(e.after)}
                </td>
                <td>{e.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" onClick={() => void more()}>
          {t('people.more')}
        </button>
      )}
    </section>
  );
}
