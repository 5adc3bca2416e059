// The protocol figures form and its checks, shared by the field app, data entry and the supervisor.
const protocolForm = {
  title: 'Results protocol',
};

export default protocolForm;
