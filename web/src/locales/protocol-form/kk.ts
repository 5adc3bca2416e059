import type { Messages } from '../en.ts';

const protocolForm = {
  title: 'Нәтижелер хаттамасы',
};

// Assigning a variable (not a literal) checks every key is there.
const checked: Messages['protocolForm'] = protocolForm;
export default checked;
