import type { Messages } from '../en.ts';

const protocols = {
  title: 'Протоколы',
};

// Assigning a variable (not a literal) checks every key is there.
const checked: Messages['protocols'] = protocols;
export default checked;
