using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Brokerage.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Origin_ProviderId_DeclineReason_SentAt_RespondedAt_RespondBy",
                table: "Referrals",
                columns: new[] { "Origin", "ProviderId", "DeclineReason", "SentAt", "RespondedAt", "RespondBy" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Referrals_Origin_ProviderId_DeclineReason_SentAt_RespondedAt_RespondBy",
                table: "Referrals");
        }
    }
}
