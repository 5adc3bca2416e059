import type { Confidence, FindingReport, FindingStatus, SourceKind } from '../../shared/findings.ts';
import type { LocalizedText } from '../../shared/i18n.ts';
import { formatDate, formatLocalTime, html, printPage, type Html } from './page.print.ts';

export type ReportLang = 'kk' | 'ru' | 'en';

interface ReportText {
  title: string;
  subtitle: string;
  period: string;
  region: string;
  country: string;
  generatedAt: string;
  total: string;
  byCategory: string;
  byRegion: string;
  byRegionCategory: string;
  byStatus: string;
  byStatusNote: string;
  category: string;
  count: string;
  all: string;
  status: Record<FindingStatus, string>;
  findings: string;
  noFindings: string;
  date: string;
  locality: string;
  description: string;
  confidence: string;
  confidences: Record<Confidence, string>;
  sources: string;
  sourceKinds: Record<SourceKind, string>;
  evidence: string;
  noEvidence: string;
  evidenceColumns: string[];
  photo: string;
  video: string;
  unknown: string;
  hashNote: string;
  bytes: string;
}

const TEXT: Record<ReportLang, ReportText> = {
  kk: {
    title: 'КЕЗЕҢДІК ЕСЕП',
    subtitle: 'Сайлау науқанын ұзақ мерзімді бақылау нәтижелері',
    period: 'Кезең',
    region: 'Өңір',
    country: 'бүкіл ел бойынша',
    generatedAt: 'Жасалған уақыты',
    total: 'Расталған фактілер саны',
    byCategory: 'Санаттар бойынша',
    byRegion: 'Өңірлер бойынша',
    byRegionCategory: 'Өңірлер мен санаттар бойынша',
    byStatus: 'Кезеңде тіркелген барлық фактілер мәртебесі бойынша',
    byStatusNote: 'Есепке тек расталған фактілер енеді; қалғандары анықтама үшін көрсетілген.',
    category: 'Санат',
    count: 'Саны',
    all: 'Барлығы',
    status: {
      new: 'жаңа',
      verified: 'расталған',
      rejected: 'қабылданбаған',
      referred: 'заңгерлерге жіберілген',
      closed: 'жабылған',
    },
    findings: 'Расталған фактілердің қысқаша сипаттамасы',
    noFindings: 'Бұл кезеңде расталған фактілер жоқ.',
    date: 'Күні',
    locality: 'Елді мекен',
    description: 'Сипаттамасы',
    confidence: 'Сенімділік',
    confidences: { high: 'жоғары', medium: 'орташа', low: 'төмен' },
    sources: 'Дереккөздер',
    sourceKinds: { witness: 'куә', document: 'құжат', media: 'БАҚ, сілтеме', own_observation: 'өз бақылауы' },
    evidence: 'Фото және бейне материалдар',
    noEvidence: 'Файлдар жоқ.',
    evidenceColumns: ['№', 'Файл', 'Түрі', 'Көлемі', 'Түсірілген уақыты', 'SHA-256'],
    photo: 'фото',
    video: 'бейне',
    unknown: 'көрсетілмеген',
    hashNote: 'SHA-256 бақылау сомасы файлдың жүктелгеннен кейін өзгермегенін растайды.',
    bytes: 'байт',
  },
  ru: {
    title: 'ПЕРИОДИЧЕСКИЙ ОТЧЁТ',
    subtitle: 'Результаты долгосрочного наблюдения за избирательной кампанией',
    period: 'Период',
    region: 'Регион',
    country: 'вся страна',
    generatedAt: 'Сформирован',
    total: 'Подтверждённых фактов',
    byCategory: 'По категориям',
    byRegion: 'По регионам',
    byRegionCategory: 'По регионам и категориям',
    byStatus: 'Все факты, зарегистрированные за период, по статусу',
    byStatusNote: 'В отчёт входят только подтверждённые факты; остальные приведены для справки.',
    category: 'Категория',
    count: 'Количество',
    all: 'Итого',
    status: {
      new: 'новый',
      verified: 'подтверждён',
      rejected: 'отклонён',
      referred: 'передан юристам',
      closed: 'закрыт',
    },
    findings: 'Краткое описание подтверждённых фактов',
    noFindings: 'За этот период подтверждённых фактов нет.',
    date: 'Дата',
    locality: 'Населённый пункт',
    description: 'Описание',
    confidence: 'Достоверность',
    confidences: { high: 'высокая', medium: 'средняя', low: 'низкая' },
    sources: 'Источники',
    sourceKinds: {
      witness: 'свидетель',
      document: 'документ',
      media: 'СМИ, ссылка',
      own_observation: 'собственное наблюдение',
    },
    evidence: 'Фото- и видеоматериалы',
    noEvidence: 'Файлов нет.',
    evidenceColumns: ['№', 'Файл', 'Тип', 'Размер', 'Время съёмки', 'SHA-256'],
    photo: 'фото',
    video: 'видео',
    unknown: 'не указано',
    hashNote: 'Контрольная сумма SHA-256 подтверждает, что файл не изменялся после загрузки.',
    bytes: 'байт',
  },
  en: {
    title: 'PERIODIC REPORT',
    subtitle: 'Findings of the long-term observation of the election campaign',
    period: 'Period',
    region: 'Region',
    country: 'whole country',
    generatedAt: 'Generated',
    total: 'Verified findings',
    byCategory: 'By category',
    byRegion: 'By region',
    byRegionCategory: 'By region and category',
    byStatus: 'All findings logged in the period, by status',
    byStatusNote: 'Only verified findings are reported; the others are shown for context.',
    category: 'Category',
    count: 'Count',
    all: 'Total',
    status: {
      new: 'new',
      verified: 'verified',
      rejected: 'rejected',
      referred: 'referred to lawyers',
      closed: 'closed',
    },
    findings: 'Summaries of the verified findings',
    noFindings: 'No verified findings in this period.',
    date: 'Date',
    locality: 'Locality',
    description: 'Description',
    confidence: 'Confidence',
    confidences: { high: 'high', medium: 'medium', low: 'low' },
    sources: 'Sources',
    sourceKinds: { witness: 'witness', document: 'document', media: 'media link', own_observation: 'own observation' },
    evidence: 'Photos and videos',
    noEvidence: 'No files.',
    evidenceColumns: ['No.', 'File', 'Type', 'Size', 'Captured at', 'SHA-256'],
    photo: 'photo',
    video: 'video',
    unknown: 'not given',
    hashNote: 'The SHA-256 checksum confirms that a file has not changed since it was uploaded.',
    bytes: 'bytes',
  },
};

/** The heading of a per-region or grand total row in the report's CSV. */
export const totalLabel = (lang: ReportLang) => TEXT[lang].all;

const LOCALES: Record<ReportLang, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

function evidenceRows(files: FindingReport['findings'][number]['evidence'], lang: ReportLang): Html {
  const t = TEXT[lang];
  if (files.length === 0) return html`<p class="small">${t.evidence}: ${t.noEvidence}</p>`;
  return html`<table class="evidence">
    <thead>
      <tr>
        ${t.evidenceColumns.map((c) => html`<th>${c}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${files.map(
        (e, i) =>
          html`<tr>
            <td>${i + 1}</td>
            <td>${e.fileName ?? t.unknown}</td>
            <td>${t[e.kind]}</td>
            <td>${e.size.toLocaleString(LOCALES[lang])} ${t.bytes}</td>
            <td>${e.capturedAt ? formatLocalTime(e.capturedAt) : t.unknown}</td>
            <td class="hash">${e.sha256 ?? t.unknown}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** One row of a table of counts: a label and its figure. */
const countRow = (label: string, count: number, kind = '') =>
  html`<tr${kind ? html` class="${kind}"` : ''}>
    <td>${label}</td>
    <td class="num">${count}</td>
  </tr>`;

/** A table of counts with its column heads (none for a plain list) and, when given, a total row below. */
function countTable(heads: readonly string[], rows: unknown, total: { label: string; count: number } | null): Html {
  return html`<table>
    ${
      heads.length > 0
        ? html`<thead>
            <tr>
              ${heads.map((head) => html`<th>${head}</th>`)}
            </tr>
          </thead>`
        : ''
    }
    <tbody>
      ${rows}
    </tbody>
    ${
      total
        ? html`<tfoot>
          <tr>
            <td${heads.length > 2 ? html` colspan="${heads.length - 1}"` : ''}>${total.label}</td>
            <td class="num">${total.count}</td>
          </tr>
        </tfoot>`
        : ''
    }
  </table>`;
}

/** The report on A4: figures first (category, region, the two together), then each verified finding. */
export function renderFindingsReport(
  report: FindingReport,
  lang: ReportLang,
  regions: readonly { code: string; name: LocalizedText }[],
): string {
  const t = TEXT[lang];
  const regionName = (code: string) => regions.find((r) => r.code === code)?.name[lang] ?? code;
  const categoryTitle = (code: string) => report.byCategory.find((c) => c.categoryCode === code)?.title[lang] ?? code;
  const period = `${formatDate(report.from)} — ${formatDate(report.to)}`;
  const total = { label: t.all, count: report.total };

  const byRegionCategory = report.byRegion.map((r) => {
    const rows = report.byRegionCategory.filter((c) => c.region === r.region);
    return html`${rows.map(
      (c, i) =>
        html`<tr>
          ${i === 0 ? html`<td rowspan="${rows.length + 1}">${regionName(r.region)}</td>` : ''}
          <td>${categoryTitle(c.categoryCode)}</td>
          <td class="num">${c.count}</td>
        </tr>`,
    )}
    ${countRow(t.all, r.count, 'subtotal')}`;
  });

  const findings = report.findings.map(
    (f, i) =>
      html`<section class="finding">
        <h3>${i + 1}. ${f.title}</h3>
        <dl>
          <dt>${t.date}</dt>
          <dd>${formatDate(f.occurredOn)}</dd>
          <dt>${t.region}</dt>
          <dd>${regionName(f.region)}</dd>
          <dt>${t.locality}</dt>
          <dd>${f.locality}</dd>
          <dt>${t.category}</dt>
          <dd>${categoryTitle(f.categoryCode)}</dd>
          <dt>${t.confidence}</dt>
          <dd>${t.confidences[f.confidence]}</dd>
          <dt>${t.sources}</dt>
          <dd>
            ${f.sources.map(
              (s) =>
                html`<div>${t.sourceKinds[s.kind]}${s.note ? `: ${s.note}` : ''}${s.url ? ` (${s.url})` : ''}</div>`,
            )}
          </dd>
        </dl>
        <p><strong>${t.description}:</strong></p>
        <div class="text">${f.description}</div>
        ${evidenceRows(f.evidence, lang)}
      </section>`,
  );

  const body = html`
    <style>
      .num {
        text-align: right;
      }
      .subtotal td,
      tfoot td {
        font-weight: bold;
      }
      .finding {
        page-break-inside: avoid;
        margin-top: 5mm;
      }
      h3 {
        font-size: 12pt;
        margin: 0 0 2mm;
      }
    </style>
    <h1>${t.title}</h1>
    <p class="subtitle">${t.subtitle}</p>
    <dl>
      <dt>${t.period}</dt>
      <dd>${period}</dd>
      <dt>${t.region}</dt>
      <dd>${report.region ? regionName(report.region) : t.country}</dd>
      <dt>${t.generatedAt}</dt>
      <dd>${formatLocalTime(report.generatedAt)}</dd>
      <dt>${t.total}</dt>
      <dd data-total>${report.total}</dd>
    </dl>

    <h2>${t.byCategory}</h2>
    ${countTable(
      [t.category, t.count],
      report.byCategory.map((c) => countRow(c.title[lang], c.count)),
      total,
    )}

    <h2>${t.byRegion}</h2>
    ${countTable(
      [t.region, t.count],
      report.byRegion.map((r) => countRow(regionName(r.region), r.count)),
      total,
    )}

    <h2>${t.byRegionCategory}</h2>
    ${countTable([t.region, t.category, t.count], byRegionCategory, total)}

    <h2>${t.byStatus}</h2>
    ${countTable(
      [],
      report.byStatus.map((s) => countRow(t.status[s.status], s.count)),
      null,
    )}
    <p class="small">${t.byStatusNote}</p>

    <h2>${t.findings}</h2>
    ${report.findings.length === 0 ? html`<p>${t.noFindings}</p>` : findings}
    ${report.findings.some((f) => f.evidence.length > 0) ? html`<p class="small">${t.hashNote}</p>` : ''}
  `;
  return printPage(lang, `${t.title} — ${period}`, body);
}
