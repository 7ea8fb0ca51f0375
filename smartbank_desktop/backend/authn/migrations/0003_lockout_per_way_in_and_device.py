import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def name_the_customers(apps, schema_editor):
    SignInGuard = apps.get_model("authn", "SignInGuard")
    for guard in SignInGuard.objects.all():
        guard.subject = f"user:{guard.user_id}"
        guard.save(update_fields=["subject"])


class Migration(migrations.Migration):

    dependencies = [
        ("authn", "0002_sign_in_session"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="signinguard", name="one_guard_per_method"),
        migrations.AddField(model_name="signinguard", name="subject", field=models.CharField(default="", max_length=64),
                            preserve_default=False),
        migrations.AddField(model_name="signinguard", name="client",
                            field=models.CharField(blank=True, default="", help_text="a known device, or any other",
                                                   max_length=64)),
        migrations.AddField(model_name="signinguard", name="locks",
                            field=models.JSONField(blank=True, default=list,
                                                   help_text="when each lock of the last year began")),
        migrations.AlterField(model_name="signinguard", name="failures",
                              field=models.PositiveSmallIntegerField(default=0,
                                                                     help_text="wrong tries since the last lock")),
        migrations.AlterField(model_name="signinguard", name="user",
                              field=models.ForeignKey(blank=True, null=True,
                                                      on_delete=django.db.models.deletion.CASCADE,
                                                      related_name="sign_in_guards", to=settings.AUTH_USER_MODEL)),
        migrations.RunPython(name_the_customers, migrations.RunPython.noop),
        migrations.AddConstraint(model_name="signinguard",
                                 constraint=models.UniqueConstraint(fields=("subject", "method", "client"),
                                                                    name="one_guard_per_way_in")),
        migrations.CreateModel(
            name="KnownDevice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("device_hash", models.CharField(max_length=64)),
                ("first_seen_at", models.DateTimeField(auto_now_add=True)),
                ("last_seen_at", models.DateTimeField()),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                           to=settings.AUTH_USER_MODEL)),
            ],
            options={"constraints": [models.UniqueConstraint(fields=("user", "device_hash"),
                                                             name="one_row_per_known_device")]},
        ),
    ]
