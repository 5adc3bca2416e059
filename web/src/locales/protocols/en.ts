// Protocols (/protocols, /protocols/<station>, /protocols/entry): the list, a station's protocol, double entry.
const protocols = {
  title: 'Protocols',
};

export default protocols;
