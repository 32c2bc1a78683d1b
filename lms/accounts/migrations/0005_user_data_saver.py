from django.db import migrations, models


class Migration(migrations.Migration):
    """Data saver, on for every account: existing learners pay for their data as new ones do
    (README, Decisions)."""

    dependencies = [
        ("accounts", "0004_consent_business_book"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="data_saver",
            field=models.BooleanField(
                default=True,
                help_text="Videos only in 240p and images at phone width, to spend less mobile data.",
                verbose_name="data saver",
            ),
        ),
    ]
