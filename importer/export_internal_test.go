package importer

// DisplayNumberForTest exposes displayNumber to the external tests.
var DisplayNumberForTest = displayNumber
