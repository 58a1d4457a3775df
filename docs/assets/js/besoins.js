// The needs questionnaires (/besoins/, pages generated from rules/besoins.yaml): composes a plain-text
// summary of the answers that the person prints, copies or sends by e-mail herself (a mailto: link
// to the address she types). Nothing is sent or stored by the site: no request, no storage.
// The questions and their wording come from the page (data-question, legends), never from here.

const form = document.getElementById("besoins-formulaire");
const panel = document.getElementById("besoins-resume");
const text = document.getElementById("besoins-texte");
const recipient = document.getElementById("besoins-destinataire");
const mail = document.getElementById("besoins-courriel");
const status = document.getElementById("besoins-etat");

// The answer to one question (a block with data-question): typed text, or the boxes ticked.
function answerOf(block) {
  const ticked = [...block.querySelectorAll("input[type=radio]:checked, input[type=checkbox]:checked")];
  if (ticked.length) return ticked.map((box) => box.value).join(" ; ");
  const field = block.querySelector("textarea, input[type=text]");
  return field ? field.value.trim() : "";
}

function compose() {
  const lines = [form.dataset.titre, `Résumé composé le ${new Date().toLocaleDateString("fr-FR")}`, ""];
  let answered = 0;
  for (const section of form.querySelectorAll(".besoins-section")) {
    const entries = [];
    for (const block of section.querySelectorAll(".besoins-question")) {
      const answer = answerOf(block);
      if (!answer) continue;
      entries.push(`- ${block.dataset.question}`, `  ${answer.replace(/\n+/g, "\n  ")}`);
      answered += 1;
    }
    if (entries.length) lines.push(section.querySelector("legend").textContent.trim().toUpperCase(), ...entries, "");
  }
  if (!answered) lines.push("(Aucune réponse pour l'instant.)");
  return lines.join("\n").trim() + "\n";
}

// The print copy of the summary (a textarea does not print whole).
function printCopy() {
  let copy = panel.querySelector(".besoins-impression");
  if (!copy) {
    copy = document.createElement("pre");
    copy.className = "besoins-impression";
    copy.setAttribute("aria-hidden", "true");
    panel.append(copy);
  }
  copy.textContent = text.value;
}

function mailAddress() {
  const to = recipient.value.trim();
  const address = /^[^\s@?&#,;]+@[^\s@?&#,;]+$/.test(to) ? to : "";
  const subject = encodeURIComponent(form.dataset.titre);
  mail.href = `mailto:${address}?subject=${subject}&body=${encodeURIComponent(text.value)}`;
}

function update() {
  printCopy();
  mailAddress();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  text.value = compose();
  panel.hidden = false;
  status.textContent = "";
  update();
  panel.querySelector("h2").setAttribute("tabindex", "-1");
  panel.querySelector("h2").focus();
});

text.addEventListener("input", update);
recipient.addEventListener("input", mailAddress);

document.getElementById("besoins-imprimer").addEventListener("click", () => {
  update();
  window.print();
});

document.getElementById("besoins-copier").addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(text.value);
    status.textContent = "Résumé copié : collez-le où vous voulez.";
  } catch {
    text.focus();
    text.select();
    status.textContent = "Le texte est sélectionné : copiez-le avec Ctrl+C (ou Cmd+C).";
  }
});

mail.addEventListener("click", () => {
  update();
  if (!recipient.value.trim()) status.textContent = "Votre messagerie s'ouvre : ajoutez-y l'adresse de la personne à qui l'envoyer.";
});
