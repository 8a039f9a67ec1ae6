package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// A French B2B file lists each contact with its company's SIREN, nine
// digits that read as a valid French number (552100554 is 05 52 10 05
// 54). Read as a phone by its values, the SIREN became each contact's
// primary phone, and every colleague after the first, who shares it, was
// skipped as a duplicate of the first. A column whose header names an
// identifier is no phone column; a column of phones named otherwise
// still is.
func TestReview18IdentifierColumnsAreNoPhones(t *testing.T) {
	file := "Raison sociale;SIREN;Prénom;Nom;Téléphone;external_id\n" +
		"Acme SA;552100554;Léa;Martin;01 42 68 53 00;612345678\n" +
		"Acme SA;552100554;Paul;Durand;01 42 68 53 10;623456789\n" +
		"Initech SAS;542107651;Zoé;Petit;04 72 00 00 00;634567890\n"
	svc := accService("FR")
	run := accImport(t, svc, []byte(file), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.NotEqual(t, importer.KindPhone, run.target("SIREN").Kind, run.mappingText())
	assert.NotEqual(t, importer.KindPhone, run.target("external_id").Kind, run.mappingText())
	require.Equal(t, 3, run.res.Created, run.outcomes()+run.mappingText())
	paul := accByName(t, svc, "Paul")
	assert.Equal(t, map[string]string{"+33142685310": ""}, acc11Phones(paul))

	// Phones under a header that says nothing of them are still found.
	plain := "Nom;Numéro\nMartin;06 12 34 56 78\nDurand;06 23 45 67 89\n"
	run = accImport(t, accService("FR"), []byte(plain), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, importer.KindPhone, run.target("Numéro").Kind, run.mappingText())
}
