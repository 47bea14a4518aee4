package store

import "testing"

// suite is every store test; each runs on SQLite and on PostgreSQL.
var suite = []struct {
	name string
	fn   func(t *testing.T, e *testEnv)
}{
	{"UnitsTree", testUnitsTree},
	{"UsersAndGrants", testUsersAndGrants},
	{"RecordGrants", testRecordGrants},
	{"AdminRights", testAdminRights},
	{"UnitLevelsAndNames", testUnitLevelsAndNames},
	{"UnitConcurrentSameName", testUnitConcurrentSameName},
	{"UnitMove", testUnitMove},
	{"UnitMoveRacesWrites", testUnitMoveRacesWrites},
	{"UnitMoveRacesCreates", testUnitMoveRacesCreates},
	{"UnitClose", testUnitClose},
	{"UserEdit", testUserEdit},
	{"UnitImport", testUnitImport},
	{"Sessions", testSessions},
	{"LoginFailures", testLoginFailures},
	{"ConcurrentLogins", testConcurrentLogins},
	{"Tokens", testTokens},
	{"RecordLifecycle", testRecordLifecycle},
	{"ScopeMatrix", testScopeMatrix},
	{"SearchChinese", testSearchChinese},
	{"FiltersSortPaging", testFiltersSortPaging},
	{"FilterSlots", testFilterSlots},
	{"ClocksAndDue", testClocksAndDue},
	{"Links", testLinks},
	{"BoundReferences", testBoundReferences},
	{"BoundToSeveralKinds", testBoundToSeveralKinds},
	{"CorrectRecord", testCorrectRecord},
	{"CorrectionApproval", testCorrectionApproval},
	{"SamePerson", testSamePerson},
	{"Attachments", testAttachments},
	{"PersonalData", testPersonalData},
	{"RotateKeys", testRotateKeys},
	{"RowsInsideRecords", testRowsInsideRecords},
	{"AuditTampering", testAuditTampering},
	{"AuditAnchor", testAuditAnchor},
	{"StateReplay", testStateReplay},
	{"Migration0004Backfill", testMigration0004Backfill},
	{"AuditScopedByRecordUnit", testAuditScopedByRecordUnit},
	{"ConcurrentWrites", testConcurrentWrites},
	{"SearchAfterFailedJob", testSearchAfterFailedJob},
	{"CreatesReplayedAfterFailure", testCreatesReplayedAfterFailure},
	{"ListKeyset", testListKeyset},
	{"AuthEpoch", testAuthEpoch},
	{"BackupRestore", testBackupRestore},
	{"SettingsOverrideOrder", testSettingsOverrideOrder},
	{"RegisterConcurrentUnique", testRegisterConcurrentUnique},
	{"DueTransitionsIdempotent", testDueTransitionsIdempotent},
	{"RemindersAndLate", testRemindersAndLate},
	{"HolidayUpload", testHolidayUpload},
	{"Import", testImport},
	{"Waiting", testWaiting},
	{"Board", testBoard},
	{"NextDueCreateAndStep", testNextDueCreateAndStep},
	{"NextDuePauseResumeExtend", testNextDuePauseResumeExtend},
	{"NextDueCorrection", testNextDueCorrection},
	{"NextDueImport", testNextDueImport},
	{"NextDueDueTransition", testNextDueDueTransition},
	{"NextDueUnitMove", testNextDueUnitMove},
	{"BoardAndTodoPaging", testBoardAndTodoPaging},
	{"Migration0023Backfill", testMigration0023Backfill},
	{"ReminderDigests", testReminderDigests},
	{"Indicators", testIndicators},
	{"IndicatorParts", testIndicatorParts},
	{"Migration0025Backfill", testMigration0025Backfill},
	{"Reports", testReports},
	{"ReportConcurrentSaves", testReportConcurrentSaves},
	{"ReportsList", testReportsList},
}

// runStoreSuite runs the suite against stores made by open.
func runStoreSuite(t *testing.T, open func(t testing.TB) *testEnv) {
	for _, c := range suite {
		t.Run(c.name, func(t *testing.T) {
			e := open(t)
			e.open = open
			c.fn(t, e)
		})
	}
}

func TestStoreSQLite(t *testing.T) { runStoreSuite(t, openSQLiteEnv) }

func TestStorePostgres(t *testing.T) {
	url := postgresAdminURL(t)
	if url == "" {
		t.Skip("PostgreSQL unreachable; set FAZHI_TEST_POSTGRES (FAZHI_REQUIRE_POSTGRES=1 makes this fail)")
	}
	runStoreSuite(t, func(t testing.TB) *testEnv { return openPostgresEnv(t, url) })
}
