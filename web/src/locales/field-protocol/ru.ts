import type { Messages } from '../en.ts';

const fieldProtocol = {
  title: 'Протокол об итогах',
};

// Assigning a variable (not a literal) checks every key is there.
const checked: Messages['fieldProtocol'] = fieldProtocol;
export default checked;
