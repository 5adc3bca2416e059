import type { Messages } from '../en.ts';

const protocolForm = {
  title: 'Нәтижелер хаттамасы',
  digitsOnly: 'Тек цифрлар, қағаздағыдай дәл.',
  sections: {
    ballots: 'Сайлаушылар мен бюллетеньдер',
    fixedBox: 'Тұрақты жәшік',
    portableBoxes: 'Көшпелі жәшіктер',
    invalid: 'Жарамсыз бюллетеньдер',
    votes: 'Бюллетень нұсқалары бойынша дауыстар',
    signatures: 'Көшірмедегі қолдар',
  },
  figures: {
    registeredVoters: 'Тізімдегі сайлаушылар',
    ballotsReceived: 'Комиссия алған бюллетеньдер',
    ballotsIssuedInside: 'Үй-жайда берілген бюллетеньдер',
    ballotsIssuedOutside: 'Үй-жайдан тыс берілген бюллетеньдер (өтініштер бойынша)',
    outsideRequests: 'Үй-жайдан тыс дауыс беруге жазбаша өтініштер',
    ballotsCancelled: 'Өтелген пайдаланылмаған бюллетеньдер',
    fixedBoxBallots: 'Тұрақты жәшіктегі бюллетеньдер',
    invalidBallots: 'Жарамсыз бюллетеньдер',
  },
  sealIntact: 'Пломба бүтін болды',
  fixedBoxSeal: 'Тұрақты жәшіктің пломбасы бүтін болды',
  portableBox: '№ {{number}} көшпелі жәшік',
  portableBallots: '№ {{number}} көшпелі жәшіктегі бюллетеньдер',
  portableSeal: '№ {{number}} көшпелі жәшіктің пломбасы бүтін болды',
  allPortableBallots: 'Барлық көшпелі жәшіктерден табылған бюллетеньдер',
  portableCount: 'Көшпелі жәшіктер саны',
  unknownOption: '{{id}} нұсқасы (бұл бюллетеньде жоқ)',
  addPortableBox: 'Көшпелі жәшік қосу',
  removePortableBox: '№ {{number}} көшпелі жәшікті алып тастау',
  noPortableBoxes: 'Көшпелі жәшік пайдаланылмады.',
  maxPortableBoxes: 'Көшпелі жәшіктер {{count}}-ден аспайды.',
  noOptions: 'Бюллетеньде нұсқа жоқ.',
  votesFor: 'дауыс',
  signatures: {
    chair: 'Төраға қол қойды',
    secretary: 'Хатшы қол қойды',
    members: 'Қол қойған басқа комиссия мүшелері',
  },
  highlighted: 'бұл санды тексеріңіз',
  checks: {
    title: 'Тексерулер',
    ok: 'Орындалды:',
    error: 'Орындалмады:',
    warning: 'Ескерту:',
    none: 'Барлық сан толтырылғанда тексерулер шығады.',
  },
};

// Assigning a variable (not a literal) checks every key is there.
const checked: Messages['protocolForm'] = protocolForm;
export default checked;
