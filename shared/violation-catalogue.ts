import type { ViolationCategory } from './violations.ts';

type Builtin = Omit<ViolationCategory, 'builtin' | 'active' | 'sortOrder'>;

/**
 * The grounds for an act, as the domain brief and the observer's handbook list them, with the
 * article of the Constitutional Law "On Elections" each rests on. Voting and counting articles
 * are the handbook's own; opening and campaign grounds cite the article that governs the step
 * (Art. 41 for the procedure before voting, 23 for station lists, 28 for campaigning). HQ can
 * correct an article or add a ground at runtime (`violation_categories`); these rows are the
 * starting point loaded at every start, never overwriting an edit.
 */
export const BUILTIN_CATEGORIES: readonly Builtin[] = [
  // ── Opening (06:00–07:00) ──
  {
    code: 'opening.box_not_sealed',
    phase: 'opening',
    article: 'Art. 41',
    severity: 'critical',
    title: {
      kk: 'Жәшік бос емес немесе дұрыс мөрленбеген',
      ru: 'Ящик не пуст или опечатан не по правилам',
      en: 'Ballot box not empty or not properly sealed',
    },
    hint: {
      kk: 'Дауыс беру басталар алдында жәшіктің бос екені көрсетіліп, мөрленуі тиіс.',
      ru: 'До начала голосования ящик показывают пустым и опечатывают.',
      en: 'Before voting starts the box is shown empty and then sealed.',
    },
  },
  {
    code: 'opening.ballots_not_counted',
    phase: 'opening',
    article: 'Art. 41',
    severity: 'serious',
    title: {
      kk: 'Бюллетеньдер ашылу алдында саналмады',
      ru: 'Бюллетени не пересчитаны перед открытием',
      en: 'Ballots not counted before opening',
    },
    hint: {
      kk: 'Комиссия алған бюллетеньдерді санап, ашылу хаттамасына жазуы тиіс.',
      ru: 'Комиссия пересчитывает полученные бюллетени и вносит их в протокол открытия.',
      en: 'The commission counts the ballots it received and records them in the opening protocol.',
    },
  },
  {
    code: 'opening.no_opening_protocol',
    phase: 'opening',
    article: 'Art. 41',
    severity: 'serious',
    title: {
      kk: 'Ашылу хаттамасы жасалмады',
      ru: 'Протокол открытия не составлен',
      en: 'No opening protocol drawn up',
    },
    hint: {
      kk: 'Хаттамада бақылаушылар, жәшіктер, мөрлер, бюллетеньдер саны көрсетіледі.',
      ru: 'В протоколе: наблюдатели, ящики и пломбы, число избирателей и бюллетеней.',
      en: 'It records observers present, boxes and seals, the numbers of voters and ballots.',
    },
  },
  {
    code: 'opening.observer_not_admitted',
    phase: 'opening',
    article: 'Art. 20-1',
    severity: 'critical',
    title: {
      kk: 'Бақылаушы учаскеге жіберілмеді',
      ru: 'Наблюдателя не допустили на участок',
      en: 'Observer refused entry to the station',
    },
    hint: {
      kk: 'Бақылаушы 06:00-ден бастап комиссияның жұмысын бақылауға құқылы.',
      ru: 'Наблюдатель вправе присутствовать с 06:00 и наблюдать за работой комиссии.',
      en: 'An observer may be present from 06:00 and watch the commission work.',
    },
  },
  // ── Voting (07:00–20:00): the handbook's grounds for an act ──
  {
    code: 'voting.several_in_booth',
    phase: 'voting',
    article: 'Art. 42',
    severity: 'serious',
    title: {
      kk: 'Кабинкада бір адамнан артық',
      ru: 'В кабине более одного человека',
      en: 'More than one person in a booth',
    },
    hint: {
      kk: 'Тек мүгедектігі бар сайлаушының сенім білдірген адамы, төрағаның рұқсатымен.',
      ru: 'Только доверенное лицо избирателя с инвалидностью, с разрешения председателя.',
      en: "Only a disabled voter's trusted helper, with the chair's permission.",
    },
  },
  {
    code: 'voting.multiple_ballots',
    phase: 'voting',
    article: 'Art. 41',
    severity: 'critical',
    title: {
      kk: 'Бір сайлаушыға бірнеше бюллетень берілді',
      ru: 'Одному избирателю выдано несколько бюллетеней',
      en: 'More than one ballot given to one voter',
    },
    hint: {
      kk: 'Әр сайлаушы бір ғана бюллетень алады.',
      ru: 'Каждый избиратель получает один бюллетень.',
      en: 'Each voter receives exactly one ballot.',
    },
  },
  {
    code: 'voting.ballot_without_list_or_id',
    phase: 'voting',
    article: 'Art. 41',
    severity: 'critical',
    title: {
      kk: 'Тізімде жоқ немесе құжатсыз адамға бюллетень берілді',
      ru: 'Бюллетень выдан человеку не из списка или без документа',
      en: 'Ballot given to someone not on the list or without ID',
    },
    hint: {
      kk: 'Бюллетень тек тізімдегі, жеке куәлігінің түпнұсқасы бар сайлаушыға беріледі.',
      ru: 'Бюллетень выдают только избирателю из списка по оригиналу документа.',
      en: 'Only to a listed voter showing an original identity document (not a copy).',
    },
  },
  {
    code: 'voting.chair_issues_ballots',
    phase: 'voting',
    article: 'Art. 41',
    severity: 'serious',
    title: {
      kk: 'Бюллетеньді төраға немесе хатшы берді',
      ru: 'Бюллетени выдаёт председатель или секретарь',
      en: 'Chair or secretary handing out ballots',
    },
    hint: {
      kk: 'Төраға мен хатшы бюллетень бермейді.',
      ru: 'Председатель и секретарь бюллетени не выдают.',
      en: 'The chair and the secretary do not hand out ballots.',
    },
  },
  {
    code: 'voting.outsider_present',
    phase: 'voting',
    article: 'Art. 39',
    severity: 'serious',
    title: {
      kk: 'Учаскеде бөгде адам жүр',
      ru: 'На участке посторонний',
      en: 'Person with no role staying in the station',
    },
    hint: {
      kk: 'Төраға оны учаскеден дереу шығаруы тиіс; полиция тек шақырумен кіреді.',
      ru: 'Председатель обязан его удалить; полиция входит только по вызову.',
      en: 'The chair must remove them; police enter only when the chair calls them.',
    },
  },
  {
    code: 'voting.no_accessible_booth',
    phase: 'voting',
    article: 'Art. 39',
    severity: 'minor',
    title: {
      kk: 'Мүгедектігі бар адамдарға арналған кабинка жоқ, еркін кіру-шығу жоқ',
      ru: 'Нет кабины для людей с инвалидностью, нет свободного входа и выхода',
      en: 'No accessible booth; disabled voters cannot enter and leave freely',
    },
    hint: {
      kk: 'Пандус, арнайы кабинка, қолжетімді кіреберіс болуы тиіс.',
      ru: 'Нужны пандус, оборудованная кабина, доступный вход.',
      en: 'A ramp, one adapted booth and an accessible entrance are required.',
    },
  },
  {
    code: 'voting.no_pen_pencil_used',
    phase: 'voting',
    article: 'Art. 42',
    severity: 'minor',
    title: {
      kk: 'Кабинкада қаламсап жоқ; қарындашпен белгілеу',
      ru: 'В кабине нет ручки; отметки карандашом',
      en: 'No pen in the booth; marking in pencil',
    },
    hint: {
      kk: 'Бюллетеньді қарындашпен белгілеуге тыйым салынады.',
      ru: 'Отмечать бюллетень карандашом запрещено.',
      en: 'Marking a ballot in pencil is forbidden.',
    },
  },
  {
    code: 'voting.voting_for_another',
    phase: 'voting',
    article: 'Art. 41',
    severity: 'critical',
    title: {
      kk: 'Басқа сайлаушының орнына дауыс беру',
      ru: 'Голосование за другого избирателя',
      en: 'Voting in place of another voter',
    },
    hint: {
      kk: 'Отбасы мүшелерінің орнына дауыс беру де заң бұзушылық.',
      ru: 'В том числе за членов семьи.',
      en: 'Including for family members.',
    },
  },
  {
    code: 'voting.observer_obstructed',
    phase: 'voting',
    article: 'Art. 20-1',
    severity: 'critical',
    title: {
      kk: 'Бақылаушыға кедергі келтіру',
      ru: 'Воспрепятствование наблюдателю',
      en: 'Obstructing an observer',
    },
    hint: {
      kk: 'Бақылаушы жақсырақ орын талап етіп, еркін қозғала алады.',
      ru: 'Наблюдатель вправе требовать лучшего места и свободно перемещаться.',
      en: 'An observer may demand a better seat and move around freely.',
    },
  },
  {
    code: 'voting.campaigning_in_station',
    phase: 'voting',
    article: 'Art. 28',
    severity: 'serious',
    title: {
      kk: 'Учаскеде үгіт немесе үгіт материалы',
      ru: 'Агитация или агитматериалы на участке',
      en: 'Campaigning or campaign material in the station',
    },
    hint: {
      kk: 'Дауыс беру күні учаскеде үгітке тыйым салынады.',
      ru: 'В день голосования агитация на участке запрещена.',
      en: 'No campaigning in the station on voting day.',
    },
  },
  {
    code: 'voting.home_requests_after_noon',
    phase: 'voting',
    article: 'Art. 41',
    severity: 'serious',
    title: {
      kk: 'Үйден дауыс беруге өтініш 12:00-ден кейін қабылданды',
      ru: 'Заявки на голосование на дому приняты после 12:00',
      en: 'Requests to vote at home accepted after 12:00',
    },
    hint: {
      kk: 'Өтініштер сағат 12:00-ге дейін қабылданады.',
      ru: 'Заявки принимаются до 12:00.',
      en: 'Requests are accepted only until 12:00.',
    },
  },
  {
    code: 'voting.ballot_photographed',
    phase: 'voting',
    article: 'Art. 42',
    severity: 'serious',
    title: {
      kk: 'Толтырылған бюллетень суретке түсірілді',
      ru: 'Фотографирование заполненного бюллетеня',
      en: 'Filled ballot photographed',
    },
    hint: {
      kk: 'Дауыс берудің құпиялылығы бұзылады.',
      ru: 'Нарушает тайну голосования.',
      en: 'It breaks the secrecy of the vote.',
    },
  },
  {
    code: 'voting.voted_twice',
    phase: 'voting',
    article: 'Art. 41',
    severity: 'critical',
    title: { kk: 'Екі рет дауыс беру', ru: 'Повторное голосование', en: 'Voting twice' },
    hint: {
      kk: 'Карусель немесе бір адамның қайта дауыс беруі.',
      ru: 'Карусель или повторный приход одного избирателя.',
      en: 'A "carousel" or the same voter voting again.',
    },
  },
  // ── Counting (from 20:00): Art. 43 ──
  {
    code: 'counting.not_closed_or_late_start',
    phase: 'counting',
    article: 'Art. 43',
    severity: 'serious',
    title: {
      kk: 'Учаске 20:00-де жабылмады немесе санау бірден басталмады',
      ru: 'Участок не закрыт в 20:00 или подсчёт начат не сразу',
      en: 'Station not closed at 20:00, or the count not started at once',
    },
    hint: {
      kk: 'Санау жабылғаннан кейін бірден басталып, 12 сағаттан аспайды.',
      ru: 'Подсчёт начинается сразу после закрытия и длится не более 12 часов.',
      en: 'The count starts right after closing and lasts at most 12 hours.',
    },
  },
  {
    code: 'counting.unused_not_cancelled',
    phase: 'counting',
    article: 'Art. 43',
    severity: 'critical',
    title: {
      kk: 'Пайдаланылмаған бюллетеньдер саналмады, жойылмады; жәшіктер ерте ашылды',
      ru: 'Неиспользованные бюллетени не посчитаны и не погашены; ящики вскрыты раньше',
      en: 'Unused ballots not counted and cancelled, or boxes opened before that',
    },
    hint: {
      kk: 'Жәшіктер ашылмай тұрып артық бюллетеньдердің бұрышы кесіледі.',
      ru: 'До вскрытия ящиков у лишних бюллетеней отрезают угол.',
      en: 'Before any box opens, unused ballots are counted and their corner cut.',
    },
  },
  {
    code: 'counting.box_order_or_portable_excess',
    phase: 'counting',
    article: 'Art. 43',
    severity: 'critical',
    title: {
      kk: 'Тұрақты жәшік бірінші ашылды немесе артық бюллетені бар жылжымалы жәшік жарамсыз деп танылмады',
      ru: 'Стационарный ящик вскрыт первым, или переносной с лишними бюллетенями не признан недействительным',
      en: 'Fixed box opened first, or a portable box with more ballots than requests not declared invalid',
    },
    hint: {
      kk: 'Алдымен жылжымалы жәшіктер; өтініштен артық болса, бүкіл жәшік жарамсыз.',
      ru: 'Сначала переносные ящики; если бюллетеней больше заявок — весь ящик недействителен.',
      en: 'Portable boxes first; if a box holds more ballots than requests, all of it is invalid.',
    },
  },
  {
    code: 'counting.invalid_ballots_accepted',
    phase: 'counting',
    article: 'Art. 43',
    severity: 'serious',
    title: {
      kk: 'Қолсыз, бірнеше белгісі бар, қарындашпен немесе түзетілген бюллетень жарамды деп саналды',
      ru: 'Бюллетени без подписи, с несколькими отметками, карандашом или исправленные признаны действительными',
      en: 'Unsigned, multi-marked, pencilled or corrected ballots not declared invalid',
    },
    hint: {
      kk: 'Мұндай бюллетеньдер жарамсыз деп бөлек қойылады.',
      ru: 'Такие бюллетени признаются недействительными и откладываются.',
      en: 'Such ballots are invalid and set apart.',
    },
  },
  {
    code: 'counting.marks_not_shown',
    phase: 'counting',
    article: 'Art. 43',
    severity: 'serious',
    title: {
      kk: 'Белгілер бақылаушыларға көрсетілмеді, дауыстап айтылмады',
      ru: 'Отметки не показаны наблюдателям и не оглашены',
      en: 'Marks not shown to observers or not announced aloud',
    },
    hint: {
      kk: 'Әр бюллетень көрсетіліп, нәтижесі дауыстап айтылады.',
      ru: 'Каждый бюллетень показывают и оглашают вслух.',
      en: 'Each ballot is shown and announced aloud.',
    },
  },
  {
    code: 'counting.spoiled_not_destroyed',
    phase: 'counting',
    article: 'Art. 43',
    severity: 'minor',
    title: {
      kk: 'Бүлінген, жарамсыз бюллетеньдер санақтан кейін жойылмады',
      ru: 'Испорченные и недействительные бюллетени не уничтожены после подсчёта',
      en: 'Spoiled and invalid ballots not destroyed after the count',
    },
    hint: {
      kk: 'Санақтан кейін олар жойылуы тиіс.',
      ru: 'После подсчёта они уничтожаются.',
      en: 'They are destroyed once the count is over.',
    },
  },
  {
    code: 'counting.no_protocol_copy',
    phase: 'counting',
    article: 'Art. 43',
    severity: 'critical',
    title: {
      kk: 'Қол қойылған, мөрленген хаттама көшірмесі бақылаушыға берілмеді',
      ru: 'Наблюдателю не выдана подписанная и заверенная печатью копия протокола',
      en: 'No signed and sealed protocol copy given to the observer',
    },
    hint: {
      kk: 'Төраға түпнұсқа мөрі бар көшірмені беруге міндетті.',
      ru: 'Председатель обязан выдать копию с оригинальной печатью.',
      en: 'The chair must give a copy with the original seal.',
    },
  },
  {
    code: 'counting.protocol_figures_differ',
    phase: 'counting',
    article: 'Art. 43',
    severity: 'critical',
    title: {
      kk: 'Хаттама сандары көшірмеден өзгеше',
      ru: 'Цифры протокола расходятся с копией',
      en: 'Protocol figures differ from the copy',
    },
    hint: {
      kk: 'Ресми нәтиже бақылаушының көшірмесімен сәйкес келмейді.',
      ru: 'Официальный результат не совпадает с копией наблюдателя.',
      en: "The official result does not match the observer's certified copy.",
    },
  },
  // ── The campaign (before voting day) ──
  {
    code: 'campaign.employer_pressure',
    phase: 'campaign',
    article: 'Art. 28',
    severity: 'serious',
    title: {
      kk: 'Жұмыс берушінің дауыс беруге қысымы',
      ru: 'Давление работодателя на голосование',
      en: 'Employer pressure to vote, not to vote or how to vote',
    },
    hint: {
      kk: 'Мемлекеттік органдар мен ұлттық компанияларда қызметкерлерге қысым.',
      ru: 'Давление на сотрудников госорганов и нацкомпаний.',
      en: 'Staff of state bodies and national companies pressed by their employer.',
    },
  },
  {
    code: 'campaign.admin_resources',
    phase: 'campaign',
    article: 'Art. 28',
    severity: 'serious',
    title: {
      kk: 'Партия үшін әкімшілік ресурсты пайдалану',
      ru: 'Использование админресурса в пользу партии',
      en: 'Administrative resources used for a party',
    },
    hint: {
      kk: 'Лауазымды тұлғалардың қызмет бабын үгітке пайдалануы.',
      ru: 'Использование должностного положения для агитации.',
      en: 'Officials using their office to campaign.',
    },
  },
  {
    code: 'campaign.lists_not_published',
    phase: 'campaign',
    article: 'Art. 23',
    severity: 'minor',
    title: {
      kk: 'Учаскелер мен комиссия құрамы бір ай бұрын жарияланбады',
      ru: 'Списки участков и составы комиссий не опубликованы за месяц',
      en: 'Station lists and commission members not published a month ahead',
    },
    hint: {
      kk: 'Мекенжайлар, мүшелердің аты-жөні, партиялық тиесілігі.',
      ru: 'Адреса, имена членов комиссий и их партийная принадлежность.',
      en: 'Addresses, members’ names and their party ties.',
    },
  },
  {
    code: 'campaign.vote_buying',
    phase: 'campaign',
    article: 'Art. 28',
    severity: 'critical',
    title: { kk: 'Дауыс сатып алу', ru: 'Подкуп избирателей', en: 'Vote buying' },
    hint: {
      kk: 'Ақша, сыйлық немесе қызмет дауыс үшін ұсынылады.',
      ru: 'Деньги, подарки или услуги в обмен на голос.',
      en: 'Money, gifts or services offered for a vote.',
    },
  },
  {
    code: 'campaign.rules_broken',
    phase: 'campaign',
    article: 'Art. 28',
    severity: 'minor',
    title: { kk: 'Үгіт ережелері бұзылды', ru: 'Нарушены правила агитации', en: 'Campaign rules broken' },
    hint: {
      kk: 'Мерзімнен тыс үгіт, тыйым салынған орындарда үгіт материалдары.',
      ru: 'Агитация вне сроков, материалы в запрещённых местах.',
      en: 'Campaigning out of its period, material in forbidden places.',
    },
  },
  // ── Anything else: free text required ──
  {
    code: 'other',
    phase: 'any',
    article: 'Art. 37-44',
    severity: 'serious',
    title: { kk: 'Басқа заң бұзушылық', ru: 'Другое нарушение', en: 'Other violation' },
    hint: {
      kk: 'Не болғанын жазыңыз; негіздемелер «Сайлау туралы» заңның 37-44-баптарында.',
      ru: 'Опишите, что произошло; основания — статьи 37-44 Закона о выборах.',
      en: 'Describe what happened; grounds are in Articles 37-44 of the Law on Elections.',
    },
  },
];
