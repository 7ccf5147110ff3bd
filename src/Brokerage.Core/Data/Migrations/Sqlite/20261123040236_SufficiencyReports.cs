using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Brokerage.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SufficiencyReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "DistanceMiles",
                table: "Placements",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<bool>(
                name: "OutOfCounty",
                table: "Placements",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Team",
                table: "PlacementRequests",
                type: "TEXT",
                maxLength: 80,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "AllocationDatasets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Model = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Illustrative = table.Column<bool>(type: "INTEGER", nullable: false),
                    Csv = table.Column<string>(type: "TEXT", nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AllocationDatasets", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_SentAt",
                table: "Referrals",
                column: "SentAt");

            migrationBuilder.CreateIndex(
                name: "IX_Placements_ConfirmedAt",
                table: "Placements",
                column: "ConfirmedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PlacementRequests_NoticeReceivedAt",
                table: "PlacementRequests",
                column: "NoticeReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_AllocationDatasets_Model",
                table: "AllocationDatasets",
                column: "Model");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AllocationDatasets");

            migrationBuilder.DropIndex(
                name: "IX_Referrals_SentAt",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_Placements_ConfirmedAt",
                table: "Placements");

            migrationBuilder.DropIndex(
                name: "IX_PlacementRequests_NoticeReceivedAt",
                table: "PlacementRequests");

            migrationBuilder.DropColumn(
                name: "DistanceMiles",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "OutOfCounty",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "Team",
                table: "PlacementRequests");
        }
    }
}
