using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Brokerage.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UnregulatedApprovals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ExceptionalReason",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsExceptional",
                table: "Referrals",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ApprovalReference",
                table: "Placements",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ApprovalRequestId",
                table: "Placements",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "EducationContribution",
                table: "Placements",
                type: "TEXT",
                precision: 12,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "HealthContribution",
                table: "Placements",
                type: "TEXT",
                precision: 12,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<string>(
                name: "After",
                table: "AuditEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Before",
                table: "AuditEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ApprovalRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Reference = table.Column<string>(type: "TEXT", nullable: false),
                    PlacementRequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReferralId = table.Column<int>(type: "INTEGER", nullable: false),
                    SettingId = table.Column<int>(type: "INTEGER", nullable: false),
                    Route = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Grounds = table.Column<string>(type: "TEXT", nullable: false),
                    HowNeedsAreMet = table.Column<string>(type: "TEXT", nullable: false),
                    QualityChecks = table.Column<int>(type: "INTEGER", maxLength: 40, nullable: false),
                    QualityAssuranceNotes = table.Column<string>(type: "TEXT", nullable: true),
                    Risks = table.Column<string>(type: "TEXT", nullable: false),
                    VisitingFrequency = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RegistrationAppliedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RegistrationExpectedBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ProposedReviewDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    NoRegulatedOptionReason = table.Column<string>(type: "TEXT", nullable: true),
                    SearchEvidence = table.Column<string>(type: "TEXT", nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RaisedBy = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DecisionReasons = table.Column<string>(type: "TEXT", nullable: true),
                    Conditions = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", nullable: true),
                    NextReviewDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReviewReminderAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReviewReminderSentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReviewOverdueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReviewOverdueEscalatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApprovalRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApprovalRequests_PlacementRequests_PlacementRequestId",
                        column: x => x.PlacementRequestId,
                        principalTable: "PlacementRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ApprovalRequests_Referrals_ReferralId",
                        column: x => x.ReferralId,
                        principalTable: "Referrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ApprovalRequests_Settings_SettingId",
                        column: x => x.SettingId,
                        principalTable: "Settings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ApprovalReviews",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApprovalRequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReviewedBy = table.Column<string>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", nullable: false),
                    Conditions = table.Column<string>(type: "TEXT", nullable: true),
                    RegistrationAppliedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RegistrationExpectedBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    NextReviewDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RecordVersion = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApprovalReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApprovalReviews_ApprovalRequests_ApprovalRequestId",
                        column: x => x.ApprovalRequestId,
                        principalTable: "ApprovalRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DecisionRecords",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApprovalRequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    DocumentReference = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IssuedBy = table.Column<string>(type: "TEXT", nullable: false),
                    Pdf = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DecisionRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DecisionRecords_ApprovalRequests_ApprovalRequestId",
                        column: x => x.ApprovalRequestId,
                        principalTable: "ApprovalRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Placements_ApprovalRequestId",
                table: "Placements",
                column: "ApprovalRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_PlacementRequestId",
                table: "ApprovalRequests",
                column: "PlacementRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_Reference",
                table: "ApprovalRequests",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_ReferralId",
                table: "ApprovalRequests",
                column: "ReferralId");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_SettingId",
                table: "ApprovalRequests",
                column: "SettingId");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_Status_ReviewOverdueAt",
                table: "ApprovalRequests",
                columns: new[] { "Status", "ReviewOverdueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_Status_ReviewReminderAt",
                table: "ApprovalRequests",
                columns: new[] { "Status", "ReviewReminderAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalReviews_ApprovalRequestId",
                table: "ApprovalReviews",
                column: "ApprovalRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_DecisionRecords_ApprovalRequestId_Version",
                table: "DecisionRecords",
                columns: new[] { "ApprovalRequestId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DecisionRecords_DocumentReference",
                table: "DecisionRecords",
                column: "DocumentReference",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Placements_ApprovalRequests_ApprovalRequestId",
                table: "Placements",
                column: "ApprovalRequestId",
                principalTable: "ApprovalRequests",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Placements_ApprovalRequests_ApprovalRequestId",
                table: "Placements");

            migrationBuilder.DropTable(
                name: "ApprovalReviews");

            migrationBuilder.DropTable(
                name: "DecisionRecords");

            migrationBuilder.DropTable(
                name: "ApprovalRequests");

            migrationBuilder.DropIndex(
                name: "IX_Placements_ApprovalRequestId",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "ExceptionalReason",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "IsExceptional",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "ApprovalReference",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "ApprovalRequestId",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "EducationContribution",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "HealthContribution",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "After",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "Before",
                table: "AuditEvents");
        }
    }
}
