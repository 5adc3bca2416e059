import type { Messages } from '../en.ts';

const protocolForm = {
  title: 'Протокол об итогах',
  digitsOnly: 'Только цифры, в точности как на бумаге.',
  sections: {
    ballots: 'Избиратели и бюллетени',
    fixedBox: 'Стационарный ящик',
    portableBoxes: 'Переносные ящики',
    invalid: 'Недействительные бюллетени',
    votes: 'Голоса по позициям бюллетеня',
    signatures: 'Подписи на копии',
  },
  figures: {
    registeredVoters: 'Избирателей в списке',
    ballotsReceived: 'Получено бюллетеней комиссией',
    ballotsIssuedInside: 'Выдано бюллетеней в помещении',
    ballotsIssuedOutside: 'Выдано бюллетеней вне помещения (по заявлениям)',
    outsideRequests: 'Письменных заявлений о голосовании вне помещения',
    ballotsCancelled: 'Погашено неиспользованных бюллетеней',
    fixedBoxBallots: 'Бюллетеней в стационарном ящике',
    invalidBallots: 'Недействительных бюллетеней',
  },
  sealIntact: 'Пломба была цела',
  fixedBoxSeal: 'Пломба стационарного ящика была цела',
  portableBox: 'Переносной ящик № {{number}}',
  portableBallots: 'Бюллетеней в переносном ящике № {{number}}',
  portableSeal: 'Пломба переносного ящика № {{number}} была цела',
  allPortableBallots: 'Бюллетеней во всех переносных ящиках',
  portableCount: 'Число переносных ящиков',
  unknownOption: 'Позиция {{id}} (нет в этом бюллетене)',
  addPortableBox: 'Добавить переносной ящик',
  removePortableBox: 'Удалить переносной ящик № {{number}}',
  noPortableBoxes: 'Переносные ящики не использовались.',
  maxPortableBoxes: 'Не более {{count}} переносных ящиков.',
  noOptions: 'В бюллетене нет позиций.',
  votesFor: 'голосов',
  signatures: {
    chair: 'Подписал председатель',
    secretary: 'Подписал секретарь',
    members: 'Подписали других членов комиссии',
  },
  highlighted: 'проверьте это число',
  checks: {
    title: 'Проверки',
    ok: 'Выполнено:',
    error: 'Не выполнено:',
    warning: 'Предупреждение:',
    none: 'Проверки появятся, когда будут заполнены все числа.',
  },
};

// Assigning a variable (not a literal) checks every key is there.
const checked: Messages['protocolForm'] = protocolForm;
export default checked;
