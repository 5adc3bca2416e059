import type { Messages } from '../en.ts';

const official = {
  title: 'Ресми нәтижелер',
};

// Assigning a variable (not a literal) checks every key is there.
const checked: Messages['official'] = official;
export default checked;
