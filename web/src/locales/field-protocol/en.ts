// The field app's protocol step (/field).
const fieldProtocol = {
  title: 'Results protocol',
};

export default fieldProtocol;
