from django import forms


class PersonaForm(forms.Form):
    email = forms.EmailField(error_messages={"required": "Select a persona"})

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email not in self.allowed:
            raise forms.ValidationError("Select one of the personas on this page")
        return email
