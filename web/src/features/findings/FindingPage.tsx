import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding, FindingChange, FindingSource, NewFinding } from '../../../../shared/findings.ts';
import { discardFile, discardOp, retryFile, type FindingFile, type FindingOp } from './findings-outbox.ts';
import { isStuck } from './outbox-rules.ts';
import { formatLocalDate } from '../../lib/format.ts';
import { formatInstant, StatusBadge, useNames, type FindingsPageProps } from './finding-bits.tsx';
import type { FindingFields } from './finding-draft.ts';
import { FindingsTabs } from './FindingsTabs.tsx';
import { ReviewPanel } from './ReviewPanel.tsx';
import { useCategories, useFinding, useFindingsOutbox, useRegions } from './use-findings.ts';
import './findings.css';

/**
 * A finding's page: every field, its files (those still on this device too), merged duplicates,
 * complaints and history, and the actions the caller may take. A finding not yet sent is shown
 * from the outbox; the page reloads when the sender delivers something of it or a push names it.
 */
export function FindingPage(props: FindingsPageProps & { findingId: string }) {
  return <FindingView key={props.findingId} {...props} />;
}

function FindingView({ user, navigate, findingId }: FindingsPageProps & { findingId: string }) {
  const { t } = useTranslation();
  const categories = useCategories();
  const regions = useRegions();
  const names = useNames(categories, regions);
  const outbox = useFindingsOutbox(user.id);
  const ops = outbox.ops.filter((o) => o.findingId === findingId);
  const files = outbox.files.filter((f) => f.findingId === findingId);
  const local = ops.find((o): o is Extract<FindingOp, { kind: 'create' }> => o.kind === 'create');
  const { state, reload } = useFinding(findingId, outbox.loaded && !local);
  // Something of this finding left the device (or was refused): the server's copy changed.
  const pendingKey = `${ops.length}:${files.length}:${ops.filter((o) => o.state === 'waiting').length}`;
  useEffect(() => {
    reload();
  }, [pendingKey, reload]);

  const open = (path: string) => (e: React.MouseEvent) => {
    e.preventDefault();
    navigate(path);
  };
  const discard = async (op: FindingOp) => {
    if (!window.confirm(t('findings.page.confirmDiscard'))) return;
    await discardOp(op.id);
    if (op.kind === 'create') navigate('/findings');
  };
  const finding = state.data;
  const status = finding?.status ?? (local ? 'pending' : 'unknown');

  return (
    <section className="page fl-page" data-testid="finding-page" data-status={status} aria-labelledby="fp-title">
      <FindingsTabs user={user} current={null} navigate={navigate} />
      <p>
        <a href="/findings" onClick={open('/findings')}>
          ← {t('findings.page.back')}
        </a>
      </p>
      {ops
        .filter((o) => o.state === 'rejected')
        .map((o) => (
          <p key={o.id} className="fl-refused" role="alert" data-testid="finding-refused">
            {t('findings.page.refused', { message: o.refusal?.message ?? '' })}{' '}
            {o.kind === 'create' && (
              <a href={`/findings/${findingId}/edit`} onClick={open(`/findings/${findingId}/edit`)}>
                {t('findings.page.fix')}
              </a>
            )}{' '}
            <button type="button" className="link" onClick={() => void discard(o)}>
              {t('findings.page.discard')}
            </button>
          </p>
        ))}
      {finding ? (
        <>
          {ops.some((o) => o.kind === 'edit' && o.state === 'waiting') && (
            <p className="fl-notice" role="status" data-testid="finding-pending-edit">
              {t('findings.page.pendingEdit')}
              {ops.some(isStuck) ? ` ${t('findings.page.stuck')}` : ''}
            </p>
          )}
          <ServerFinding
            finding={finding}
            userId={user.id}
            names={names}
            files={files}
            navigate={navigate}
            reload={reload}
          />
        </>
      ) : local ? (
        <LocalFinding body={local.body} stationNumber={local.stationNumber} names={names} files={files}>
          {local.state === 'waiting' && (
            <p className="fl-notice" role="status" data-testid="finding-pending">
              {t('findings.page.pending')}
              {isStuck(local) ? ` ${t('findings.page.stuck')}` : ''}
            </p>
          )}
          <a
            className="button"
            href={`/findings/${findingId}/edit`}
            onClick={open(`/findings/${findingId}/edit`)}
            data-testid="finding-edit"
          >
            {t('findings.page.edit')}
          </a>
        </LocalFinding>
      ) : state.status === 'loading' ? (
        <p className="state" role="status">
          {t('findings.page.loading')}
        </p>
      ) : state.status === 'missing' ? (
        <>
          <p className="state" role="alert" data-testid="finding-missing">
            {t('findings.page.missing')}
          </p>
          {/* Files of a finding discarded here while the server could not say whether it had it. */}
          {files.length > 0 && <Evidence finding={null} files={files} />}
        </>
      ) : (
        <p className="state state-error" role="alert">
          {t('findings.page.error', { message: state.status === 'error' ? state.message : '' })}{' '}
          <button type="button" onClick={reload}>
            {t('findings.list.retry')}
          </button>
        </p>
      )}
    </section>
  );
}

type Names = ReturnType<typeof useNames>;

function ServerFinding({
  finding,
  userId,
  names,
  files,
  navigate,
  reload,
}: {
  finding: Finding;
  userId: number;
  names: Names;
  files: FindingFile[];
  navigate: (path: string) => void;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const link = (path: string) => (e: React.MouseEvent) => {
    e.preventDefault();
    navigate(path);
  };
  return (
    <>
      <div className="page-head">
        <h2 id="fp-title">{finding.title}</h2>
        <StatusBadge status={finding.status} testId="finding-status" />
        {finding.may.edit && (
          <a
            className="button"
            href={`/findings/${finding.id}/edit`}
            onClick={link(`/findings/${finding.id}/edit`)}
            data-testid="finding-edit"
          >
            {t('findings.page.edit')}
          </a>
        )}
      </div>
      {finding.mergedInto && (
        <p className="fl-notice" data-testid="finding-merged-into">
          {t('findings.page.mergedInto')}{' '}
          <a href={`/findings/${finding.mergedInto}`} onClick={link(`/findings/${finding.mergedInto}`)}>
            {t('findings.page.openMerged')}
          </a>
        </p>
      )}
      {finding.review && (
        <p className="fl-hint">
          {t('findings.page.reviewed', {
            name: finding.review.by.name,
            when: formatInstant(finding.review.at, names.language),
          })}
          {finding.review.comment ? ` — ${finding.review.comment}` : ''}
        </p>
      )}
      <div className="fl-columns">
        <div>
          <Fields
            names={names}
            f={{
              ...finding,
              stationText: finding.station ? `№ ${finding.station.number}, ${finding.station.address}` : '',
            }}
          >
            <dt>{t('findings.page.author')}</dt>
            <dd>{finding.author.name}</dd>
            <dt>{t('findings.page.created')}</dt>
            <dd>{formatInstant(finding.createdAt, names.language)}</dd>
          </Fields>
          <Evidence finding={finding} files={files} />
        </div>
        <div>
          <ReviewPanel finding={finding} userId={userId} language={names.language} reload={reload} />
          <section className="fl-card" aria-labelledby="fp-dups">
            <h3 id="fp-dups">{t('findings.page.duplicates')}</h3>
            {finding.duplicates.length === 0 ? (
              <p className="fl-hint">{t('findings.page.noDuplicates')}</p>
            ) : (
              <ul data-testid="finding-duplicates">
                {finding.duplicates.map((d) => (
                  <li key={d.id}>
                    <a href={`/findings/${d.id}`} onClick={link(`/findings/${d.id}`)}>
                      {formatLocalDate(d.occurredOn, names.language)} · {d.title}
                    </a>{' '}
                    · {d.author.name}
                    <Sources sources={d.sources} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="fl-card" aria-labelledby="fp-complaints">
            <h3 id="fp-complaints">{t('findings.page.complaints')}</h3>
            {finding.complaints.length === 0 ? (
              <p className="fl-hint">{t('findings.page.noComplaints')}</p>
            ) : (
              <ul data-testid="finding-complaints">
                {finding.complaints.map((c) => (
                  <li key={c.id} data-status={c.status}>
                    {t(`findings.refer.addresseeKind.${c.addresseeKind}`)}: {c.addressee} ·{' '}
                    {formatInstant(c.createdAt, names.language)} · {c.status}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <History history={finding.history} names={names} />
        </div>
      </div>
    </>
  );
}

type FieldsOf = Omit<FindingFields, 'title'> & { stationText: string };

function Fields({ f, names, children }: { f: FieldsOf; names: Names; children?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <dl className="fl-fields">
      <dt>{t('findings.page.category')}</dt>
      <dd data-testid="finding-category-title">{names.category(f.categoryCode)}</dd>
      <dt>{t('findings.page.region')}</dt>
      <dd>{names.region(f.region)}</dd>
      <dt>{t('findings.page.locality')}</dt>
      <dd>{f.locality}</dd>
      {f.stationText && (
        <>
          <dt>{t('findings.page.station')}</dt>
          <dd>{f.stationText}</dd>
        </>
      )}
      {f.place && (
        <>
          <dt>{t('findings.page.place')}</dt>
          <dd>{f.place}</dd>
        </>
      )}
      <dt>{t('findings.page.when')}</dt>
      <dd>
        {formatLocalDate(f.occurredOn, names.language)}
        {f.occurredTime ? ` ${f.occurredTime}` : ''}
      </dd>
      <dt>{t('findings.page.description')}</dt>
      <dd className="fl-description" data-testid="finding-description-text">
        {f.description}
      </dd>
      {(f.involved.length > 0 || f.involvedNote) && (
        <>
          <dt>{t('findings.page.involved')}</dt>
          <dd>
            {f.involved.map((i) => t(`findings.involved.${i}`)).join(', ')}
            {f.involvedNote ? `${f.involved.length > 0 ? ' — ' : ''}${f.involvedNote}` : ''}
          </dd>
        </>
      )}
      <dt>{t('findings.page.sources')}</dt>
      <dd>
        <Sources sources={f.sources} />
      </dd>
      <dt>{t('findings.page.confidence')}</dt>
      <dd>{t(`findings.confidence.${f.confidence}`)}</dd>
      {children}
    </dl>
  );
}

function Sources({ sources }: { sources: readonly FindingSource[] }) {
  const { t } = useTranslation();
  return (
    <ul className="fl-sources-list">
      {sources.map((s, i) => (
        <li key={i}>
          {t(`findings.sourceKind.${s.kind}`)}
          {s.note ? `: ${s.note}` : ''}
          {s.url && (
            <>
              {' '}
              <a href={s.url} target="_blank" rel="noopener noreferrer nofollow">
                {s.url}
              </a>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function Evidence({ finding, files }: { finding: Finding | null; files: FindingFile[] }) {
  const { t } = useTranslation();
  const server = finding?.evidence ?? [];
  const known = new Set(server.map((e) => e.id));
  const local = files.filter((f) => !known.has(f.id));
  return (
    <section className="fl-card" aria-labelledby="fp-evidence">
      <h3 id="fp-evidence">{t('findings.page.evidence')}</h3>
      {server.length + local.length === 0 ? (
        <p className="fl-hint" data-testid="finding-evidence-empty">
          {t('findings.page.noEvidence')}
        </p>
      ) : (
        <ul className="fl-evidence" data-testid="finding-evidence">
          {server.map((e) => (
            <li key={e.id} data-testid="finding-evidence-item" data-state={e.state} data-id={e.id}>
              {e.hasThumbnail ? (
                <img
                  src={`/api/evidence/${e.id}/thumbnail`}
                  alt={t('findings.page.thumbnail', { name: e.fileName ?? e.kind })}
                  loading="lazy"
                />
              ) : (
                <span className="fl-thumb-none" aria-hidden="true">
                  {e.kind === 'video' ? '▶' : '▣'}
                </span>
              )}
              <span>
                {e.state === 'complete' ? (
                  <a href={`/api/evidence/${e.id}/content`} target="_blank" rel="noopener noreferrer">
                    {e.fileName ?? e.kind}
                  </a>
                ) : (
                  (e.fileName ?? e.kind)
                )}
                <small>
                  {e.state === 'complete'
                    ? t('findings.page.complete')
                    : `${t('findings.page.uploading')} · ${t('findings.page.sentBytes', {
                        percent: Math.floor((100 * e.receivedBytes) / Math.max(1, e.size)),
                      })}`}
                </small>
              </span>
            </li>
          ))}
          {local.map((f) => (
            <li
              key={f.id}
              data-testid="finding-evidence-item"
              data-state={f.state === 'rejected' ? 'rejected' : 'uploading'}
              data-id={f.id}
            >
              {f.thumbnail ? (
                <img
                  src={`data:image/jpeg;base64,${f.thumbnail}`}
                  alt={t('findings.page.thumbnail', { name: f.fileName })}
                />
              ) : (
                <span className="fl-thumb-none" aria-hidden="true">
                  {f.mime.startsWith('video/') ? '▶' : '▣'}
                </span>
              )}
              <span>
                {f.fileName}
                <small>
                  {f.state === 'rejected'
                    ? t('findings.page.refusedFile', { message: f.refusal?.message ?? '' })
                    : f.offset > 0
                      ? t('findings.page.sentBytes', { percent: Math.floor((100 * f.offset) / Math.max(1, f.size)) })
                      : t('findings.page.waitingFile')}
                  {isStuck(f) ? ` · ${t('findings.page.stuck')}` : ''}
                </small>
                {f.state === 'rejected' && (
                  <span className="fl-file-actions">
                    {f.blob && (
                      <button
                        type="button"
                        className="link"
                        onClick={() => void retryFile(f.id)}
                        data-testid="finding-file-retry"
                      >
                        {t('findings.page.retryFile')}
                      </button>
                    )}{' '}
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        if (window.confirm(t('findings.page.confirmDiscardFile', { name: f.fileName })))
                          void discardFile(f.id);
                      }}
                      data-testid="finding-file-discard"
                    >
                      {t('findings.page.discard')}
                    </button>
                  </span>
                )}
                {f.state === 'waiting' && (
                  <progress max={f.size} value={f.offset}>
                    {Math.floor((100 * f.offset) / Math.max(1, f.size))}%
                  </progress>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function LocalFinding({
  body,
  stationNumber,
  names,
  files,
  children,
}: {
  body: NewFinding;
  stationNumber: number | null;
  names: Names;
  files: FindingFile[];
  children: React.ReactNode;
}) {
  return (
    <>
      <div className="page-head">
        <h2 id="fp-title">{body.title}</h2>
      </div>
      {children}
      <Fields names={names} f={{ ...body, stationText: stationNumber === null ? '' : `№ ${stationNumber}` }} />
      <Evidence finding={null} files={files} />
    </>
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function History({ history, names }: { history: FindingChange[]; names: Names }) {
  const { t } = useTranslation();
  return (
    <section className="fl-card" aria-labelledby="fp-history">
      <h3 id="fp-history">{t('findings.page.history')}</h3>
      {history.length === 0 ? (
        <p className="fl-hint">{t('findings.page.noHistory')}</p>
      ) : (
        <ol className="fl-history" data-testid="finding-history">
          {history.map((h) => (
            <li key={h.id} data-testid="finding-history-item" data-kind={h.kind}>
              <strong>{t(`findings.kind.${h.kind}`)}</strong> · {h.by.name} ·{' '}
              <time dateTime={h.at}>{formatInstant(h.at, names.language)}</time>
              {h.comment && <p className="fl-comment">{h.comment}</p>}
              {h.changes.length > 0 && (
                <ul className="fl-changes">
                  {h.changes.map((c) => (
                    <li key={c.field}>
                      {t('findings.page.changedField', {
                        field: t(`findings.field.${c.field}`, { defaultValue: c.field }),
                        before: show(c.before),
                        after: show(c.after),
                      })}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
