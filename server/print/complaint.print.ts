import type { FindingPrint, ViolationPrint } from '../../db/queries/complaint.queries.ts';
import { complaintDeadline, type AddresseeKind, type Complaint } from '../../shared/complaints.ts';
import type { FindingSource } from '../../shared/findings.ts';
import { localDate } from '../../shared/geo.ts';
import { categoryTitle } from './act.print.ts';
import {
  articleText,
  evidenceTable,
  formatDate,
  formatLocalTime,
  html,
  printPage,
  signatureRow,
  type PrintLang,
} from './page.print.ts';

const TEXT = {
  kk: {
    title: 'ШАҒЫМ',
    subject: 'учаскелік сайлау комиссиясы мүшелерінің әрекеттеріне (әрекетсіздігіне)',
    to: 'Кімге',
    from: 'Кімнен',
    observerOf: (n: number) => `№ ${n} сайлау учаскесіндегі бақылаушы`,
    organisation: 'бақылаушы ұйым',
    addressee: {
      court: 'Сот',
      prosecutor: 'Прокуратура',
      higher_commission: 'Жоғары тұрған сайлау комиссиясы',
    } as Record<AddresseeKind, string>,
    facts: 'Мән-жайлар',
    factsText: (at: string, n: number, address: string, what: string) =>
      `${at} (жергілікті уақыт) № ${n} сайлау учаскесінде (${address}) бақылаушы заң бұзушылықты тіркеді: ${what}.`,
    chairTold: (answer: string | null) =>
      `Бұл туралы комиссия төрағасына хабарланды${answer ? `; төрағаның жауабы: «${answer}»` : ''}.`,
    chairNotTold: 'Комиссия төрағасына хабарланбады.',
    actWritten: 'Заң бұзушылық туралы акт жасалды.',
    actRefused: 'Төраға (хатшы) актіге қол қоюдан бас тартты.',
    arguments: 'Шағымның мәні',
    law: 'Құқықтық негіз',
    lawText: (article: string) => `Көрсетілген әрекеттер ${article} талаптарын бұзады.`,
    request: 'Сұраймын',
    requestText:
      'осы шағымды қарауды, комиссия мүшелерінің әрекеттерін (әрекетсіздігін) заңсыз деп тануды, бұзушылықты жоюды және кінәлі адамдарды заңда белгіленген жауапкершілікке тартуды.',
    deadline: 'Қарау мерзімі',
    immediately: (due: string) =>
      `Шағым дауыс беру күні немесе оған дейінгі 5 күн ішінде берілді, сондықтан дереу қаралуы тиіс — ${due} кешіктірмей.`,
    fiveDays: (due: string) => `Шағым 5 күн ішінде қаралуы тиіс — ${due} қоса алғанда.`,
    filedOn: 'Берілген күні',
    notFiled: (today: string) => `берілмеген; мерзім ${today} күнге есептелді`,
    attachments: 'Қосымшалар',
    actAttached: 'Заң бұзушылық туралы акт.',
    applicant: 'Өтініш беруші',
    date: 'Күні',
    finding: {
      subject: 'сайлау науқаны кезіндегі сайлау туралы заңнаманың бұзылуы туралы',
      from: 'ұзақ мерзімді бақылаушы',
      facts: (when: string, where: string, what: string) =>
        `${when}, ${where}: ұзақ мерзімді бақылаушы заң бұзушылықты анықтады (${what}).`,
      station: (n: number, address: string) => `№ ${n} сайлау учаскесі (${address})`,
      involved: 'Қатысы бар мекеме',
      sources: 'Дереккөздер',
      source: {
        witness: 'Куәгер',
        document: 'Құжат',
        media: 'Жарияланым',
        own_observation: 'Бақылаушының өз бақылауы',
      } satisfies Record<FindingSource['kind'], string>,
      law: 'Көрсетілген әрекеттер «Қазақстан Республикасындағы сайлау туралы» Қазақстан Республикасы Конституциялық заңының талаптарын бұзады.',
      request:
        'осы шағымды қарауды, көрсетілген әрекеттерді (әрекетсіздікті) заңсыз деп тануды, бұзушылықты жоюды және кінәлі адамдарды заңда белгіленген жауапкершілікке тартуды.',
    },
  },
  ru: {
    title: 'ЖАЛОБА',
    subject: 'на действия (бездействие) членов участковой избирательной комиссии',
    to: 'Кому',
    from: 'От кого',
    observerOf: (n: number) => `наблюдатель на избирательном участке № ${n}`,
    organisation: 'организация-наблюдатель',
    addressee: {
      court: 'Суд',
      prosecutor: 'Прокуратура',
      higher_commission: 'Вышестоящая избирательная комиссия',
    } as Record<AddresseeKind, string>,
    facts: 'Обстоятельства',
    factsText: (at: string, n: number, address: string, what: string) =>
      `${at} (местное время) на избирательном участке № ${n} (${address}) наблюдатель зафиксировал нарушение: ${what}.`,
    chairTold: (answer: string | null) =>
      `О нарушении сообщено председателю комиссии${answer ? `; ответ председателя: «${answer}»` : ''}.`,
    chairNotTold: 'Председателю комиссии о нарушении не сообщалось.',
    actWritten: 'Составлен акт о нарушении.',
    actRefused: 'Председатель (секретарь) комиссии отказался подписать акт.',
    arguments: 'Существо жалобы',
    law: 'Правовое основание',
    lawText: (article: string) => `Указанные действия нарушают требования ${article}.`,
    request: 'Прошу',
    requestText:
      'рассмотреть настоящую жалобу, признать действия (бездействие) членов комиссии незаконными, устранить нарушение и привлечь виновных к ответственности, установленной законом.',
    deadline: 'Срок рассмотрения',
    immediately: (due: string) =>
      `Жалоба подана в день голосования или в течение 5 дней до него и подлежит рассмотрению незамедлительно — не позднее ${due}.`,
    fiveDays: (due: string) => `Жалоба подлежит рассмотрению в течение 5 дней — до ${due} включительно.`,
    filedOn: 'Дата подачи',
    notFiled: (today: string) => `не подана; срок рассчитан на ${today}`,
    attachments: 'Приложения',
    actAttached: 'Акт о нарушении.',
    applicant: 'Заявитель',
    date: 'Дата',
    finding: {
      subject: 'о нарушении избирательного законодательства в ходе избирательной кампании',
      from: 'долгосрочный наблюдатель',
      facts: (when: string, where: string, what: string) =>
        `${when}, ${where}: долгосрочный наблюдатель выявил нарушение (${what}).`,
      station: (n: number, address: string) => `избирательный участок № ${n} (${address})`,
      involved: 'Причастная организация',
      sources: 'Источники',
      source: {
        witness: 'Свидетель',
        document: 'Документ',
        media: 'Публикация',
        own_observation: 'Собственное наблюдение',
      } satisfies Record<FindingSource['kind'], string>,
      law: 'Указанные действия нарушают требования Конституционного закона Республики Казахстан «О выборах в Республике Казахстан».',
      request:
        'рассмотреть настоящую жалобу, признать указанные действия (бездействие) незаконными, устранить нарушение и привлечь виновных к ответственности, установленной законом.',
    },
  },
};

/** The complaint on paper: addressee, facts from the violation, the request, the legal deadline, evidence. */
export function renderComplaint(c: Complaint, v: ViolationPrint, lang: PrintLang, now: Date): string {
  const t = TEXT[lang];
  // A draft is printed to be filed: its deadline is counted as if filed today.
  const filedOn = c.filedOn ?? localDate(now);
  const deadline = complaintDeadline(filedOn, v.election.votingDate);
  const due = formatDate(deadline.dueDate);
  const address = [v.station.locality, v.station.address].filter(Boolean).join(', ');
  const act = v.act;
  const refused = act && (act.chairSignature === 'refused' || act.secretarySignature === 'refused');
  const facts = [
    t.factsText(formatLocalTime(v.observedAt), v.station.number, address, categoryTitle(v, lang)),
    v.description,
    v.chairNotified === true ? t.chairTold(v.chairAnswer) : v.chairNotified === false ? t.chairNotTold : null,
    act ? `${t.actWritten}${refused ? ` ${t.actRefused}` : ''}` : null,
  ].filter((line): line is string => Boolean(line));

  const body = html`
    <div class="addressee">
      <p><strong>${t.to}:</strong> ${t.addressee[c.addresseeKind]}<br />${c.addressee}</p>
      <p>
        <strong>${t.from}:</strong> ${v.reporter.name}, ${t.observerOf(v.station.number)};<br />
        ${t.organisation}: ____________________
      </p>
    </div>
    <h1>${t.title}</h1>
    <p class="subtitle">${t.subject}</p>
    <h2>${t.facts}</h2>
    ${facts.map((line) => html`<p>${line}</p>`)}
    ${
      c.text
        ? html`<h2>${t.arguments}</h2>
            <div class="text">${c.text}</div>`
        : ''
    }
    <h2>${t.law}</h2>
    <p>${t.lawText(articleText(v.category.article, lang))}</p>
    <h2>${t.request}</h2>
    <p>${t.requestText}</p>
    <h2>${t.deadline}</h2>
    <p>${deadline.rule === 'immediately' ? t.immediately(due) : t.fiveDays(due)}</p>
    <p>${t.filedOn}: ${c.filedOn ? formatDate(c.filedOn) : t.notFiled(formatDate(filedOn))}</p>
    <h2>${t.attachments}</h2>
    <p>1. ${t.actAttached}</p>
    ${evidenceTable(v.evidence, lang, (text) => html`<p>2. ${text}:</p>`)}
    ${signatureRow(t.applicant, v.reporter.name, lang)}
    <p>${t.date}: ${c.filedOn ? formatDate(c.filedOn) : '____________'}</p>
  `;
  return printPage(lang, `${t.title} — № ${v.station.number}`, body);
}

/**
 * A referred campaign finding's complaint: the facts the long-term observer logged (when, where,
 * what, who is involved, the sources) instead of a station's violation and act.
 */
export function renderFindingComplaint(c: Complaint, f: FindingPrint, lang: PrintLang, now: Date): string {
  const t = TEXT[lang];
  const tf = t.finding;
  const filedOn = c.filedOn ?? localDate(now);
  const deadline = complaintDeadline(filedOn, f.election.votingDate);
  const due = formatDate(deadline.dueDate);
  const when = `${formatDate(f.occurredOn)}${f.occurredTime ? ` ${f.occurredTime}` : ''}`;
  const where = [
    f.locality,
    f.place,
    f.station ? tf.station(f.station.number, f.station.address) : '',
    lang === 'kk' ? f.region.nameKk : f.region.nameRu,
  ]
    .filter(Boolean)
    .join(', ');
  const category = lang === 'kk' ? f.category.titleKk : f.category.titleRu;
  const sources = f.sources.map(
    (s) => `${tf.source[s.kind]}${s.note ? `: ${s.note}` : ''}${s.url ? ` (${s.url})` : ''}`,
  );

  const body = html`
    <div class="addressee">
      <p><strong>${t.to}:</strong> ${t.addressee[c.addresseeKind]}<br />${c.addressee}</p>
      <p>
        <strong>${t.from}:</strong> ${f.author.name}, ${tf.from};<br />
        ${t.organisation}: ____________________
      </p>
    </div>
    <h1>${t.title}</h1>
    <p class="subtitle">${tf.subject}</p>
    <h2>${t.facts}</h2>
    <p>${tf.facts(when, where, category)}</p>
    <p><strong>${f.title}</strong></p>
    <p>${f.description}</p>
    ${f.involvedNote ? html`<p>${tf.involved}: ${f.involvedNote}</p>` : ''}
    <p>${tf.sources}:</p>
    <ol>
      ${sources.map((line) => html`<li>${line}</li>`)}
    </ol>
    ${
      c.text
        ? html`<h2>${t.arguments}</h2>
            <div class="text">${c.text}</div>`
        : ''
    }
    <h2>${t.law}</h2>
    <p>${tf.law}</p>
    <h2>${t.request}</h2>
    <p>${tf.request}</p>
    <h2>${t.deadline}</h2>
    <p>${deadline.rule === 'immediately' ? t.immediately(due) : t.fiveDays(due)}</p>
    <p>${t.filedOn}: ${c.filedOn ? formatDate(c.filedOn) : t.notFiled(formatDate(filedOn))}</p>
    ${evidenceTable(
      f.evidence,
      lang,
      (text) =>
        html`<h2>${t.attachments}</h2>
          <p>${text}:</p>`,
    )}
    ${signatureRow(t.applicant, f.author.name, lang)}
    <p>${t.date}: ${c.filedOn ? formatDate(c.filedOn) : '____________'}</p>
  `;
  return printPage(lang, `${t.title} — ${f.title}`, body);
}
