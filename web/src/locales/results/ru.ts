import type { Messages } from '../en.ts';

const results = {
  title: 'Результаты',
};

// Assigning a variable (not a literal) checks every key is there.
const checked: Messages['results'] = results;
export default checked;
